import { BOT, TEAM } from '../workspace.store';
import type { WebApiMethod } from './method-context';

export const authTest: WebApiMethod = () => ({
  url: `https://${TEAM.domain}.slack.com/`,
  team: TEAM.name,
  user: BOT.name,
  team_id: TEAM.id,
  user_id: BOT.userId,
  bot_id: BOT.botId,
  is_enterprise_install: false,
});
