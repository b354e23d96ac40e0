export { LocalSlack } from './local-slack';
export type {
  AddChannelInput,
  AddUserInput,
  ApiCallRecord,
  DeliveryRecord,
  DeliveryResult,
  Ephemeral,
  EphemeralVia,
  FaultSpec,
  LocalSlackOptions,
  Message,
  OpenView,
  RateLimitOptions,
  SandboxChannel,
  SandboxLogger,
  SandboxUser,
  StoredViewJson,
  Tier,
  UserVisibleError,
  WithheldEvent,
  WithheldReason,
} from './sandbox.types';
export { liveSequences, messageLive, emptyLive } from './mrkdwn';
export type { LiveSequences, LiveLink } from './mrkdwn';
export { slackLength, truncateChars, loneSurrogateIndex } from './slack-text';
export { blockProblems, LIMITS as BLOCK_KIT_LIMITS } from './block-kit';
export { manifestBotScopes, findManifest, defaultBotScopes } from './scopes';
export { payloadChannelName } from './interaction-payloads';
export { SlackDriver } from './drivers/slack-driver';
export type { BlockActionInput, BlockSuggestionInput, CommandInput, EventOptions, InviteBotInput, JoinChannelInput, RedeliverOptions, SubmitViewInput, UserMessageInput } from './drivers/slack-driver';
export type { HttpDeliveryOptions } from './drivers/transport';
export { signRequest } from './request-signing';
export type { SignatureHeaders } from './request-signing';
export { RateLimiter, TokenBucket, DEFAULT_METHOD_TIERS, DEFAULT_TIER_RATES } from './rate-limiter';
export type { MethodLimits, BucketLimits } from './rate-limiter';
export { buildViewState, findOption, ImpossibleInteractionError } from './view-state.builder';
export { OPTIONS_LIMITS, readOptionsAnswer } from './options-answer';
export type { OptionsAnswer } from './options-answer';
export type { GivenValues, StateValues } from './view-state.builder';
export { waitFor } from './wait-for';
export type { WaitForOptions } from './wait-for';
export { TEAM, BOT } from './workspace.store';
export type { SandboxChange, ChangeListener } from './sandbox-state';
export type { SandboxSnapshot } from './snapshot';
export type { SandboxFile } from './file.store';
