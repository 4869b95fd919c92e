/** The team's contract methods (electron/contract/team.ts), answered by the engine's team service. */
import type { Handlers } from '../dispatch';
import type { TeamService } from './team-service';

export type TeamMethods = 'team.getState' | 'team.answerOffer';

export function createTeamHandlers(team: TeamService): Pick<Handlers, TeamMethods> {
  return {
    'team.getState': async () => team.state(),
    'team.answerOffer': ({ offerId, accept }) => team.answerOffer(offerId, accept),
  };
}
