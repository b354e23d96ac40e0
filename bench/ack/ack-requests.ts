import { stringify } from 'node:querystring';
import { PROFILE_FIELDS as F, PROFILE_INPUT_ACTION as A, PROFILE_ZONE_ACTION, zoneValue } from '../../src/community/profile.views';
import { buildViewState } from '../../src/sandbox';
import { commandFields, viewSubmissionPayload } from '../../src/sandbox/interaction-payloads';
import type { PreparedRequest } from '../support/open-loop';
import type { AckWorkspace } from './ack-workspace';

const FORM = 'application/x-www-form-urlencoded';

/**
 * Signed as Slack signs: the whole run takes well under Slack's five-minute window, so signing
 * when a scenario's requests are built keeps HMAC work out of the timed section.
 */
function signed(workspace: AckWorkspace, body: string): PreparedRequest {
  const raw = Buffer.from(body, 'utf8');
  return {
    body: raw,
    headers: {
      'content-type': FORM,
      'content-length': String(raw.length),
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      ...workspace.slack.signRequest(body, Math.floor(Date.now() / 1000)),
    },
  };
}

function memberAt(workspace: AckWorkspace, i: number) {
  const member = workspace.members[i % workspace.members.length];
  if (!member) throw new Error('the workspace has no members');
  return member;
}

/** `/guild help` from member i (mod the community's size), form-encoded in Slack's field order. */
export function helpRequests(workspace: AckWorkspace, count: number, from = 0): PreparedRequest[] {
  const { slack, channel } = workspace;
  return Array.from({ length: count }, (_, n) => {
    const i = from + n;
    const user = memberAt(workspace, i);
    const fields = commandFields({
      user,
      channel,
      command: '/guild',
      text: 'help',
      responseUrl: `${slack.baseUrl}/response/bench-${i}`,
      triggerId: slack.issueTriggerId(user.id),
    });
    return signed(workspace, stringify(fields));
  });
}

/**
 * Valid profile submissions (so they pass validation and are saved after the ack), each with its
 * own view id, or Guild's double-submission guard would turn all but the first into no-ops.
 */
export function profileRequests(workspace: AckWorkspace, count: number, viewIdPrefix: string, from = 0): PreparedRequest[] {
  const { slack, profileView, topicIds } = workspace;
  const [t0, t1, t2, t3] = topicIds.map(String);
  if (!t0 || !t1 || !t2 || !t3) throw new Error('the profile benchmark needs at least four topics');
  const values = buildViewState(
    profileView.blocks,
    {
      [F.timeZone]: { [PROFILE_ZONE_ACTION]: zoneValue.encode({ zone: 'Europe/Berlin' }) },
      [F.workdayStart]: { [A]: '08:30' },
      [F.workdayEnd]: { [A]: '16:30' },
      [F.newInterests]: { [A]: 'pairing, code review, accessibility audits' },
      [F.mentorTopics]: { [A]: [t0, t1] },
      [F.learnTopics]: { [A]: [t2, t3] },
      [`${F.levelPrefix}${t0}`]: { [A]: '4' },
      [`${F.levelPrefix}${t1}`]: { [A]: '5' },
      [`${F.levelPrefix}${t2}`]: { [A]: '2' },
    },
    true,
  );
  return Array.from({ length: count }, (_, n) => {
    const i = from + n;
    const user = memberAt(workspace, i);
    const id = `${viewIdPrefix}${i.toString(36).toUpperCase().padStart(6, '0')}`;
    const view = { ...profileView, id, root_view_id: id };
    const payload = viewSubmissionPayload(user, view, values, slack.issueTriggerId(user.id));
    return signed(workspace, stringify({ payload: JSON.stringify(payload) }));
  });
}
