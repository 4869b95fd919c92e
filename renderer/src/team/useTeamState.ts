import { useEffect } from 'react';
import type { TeamState } from '../../../electron/contract';
import { switchboard } from '../bridge';
import { useMainValue } from '../hooks/useMainValue';

/** The team: read once, then every `team` event from main (the offer ringing, presence, KPIs). */
export function useTeamState(): TeamState | undefined {
  const [team, setTeam] = useMainValue(() => switchboard().team.getState());
  useEffect(() => switchboard().on('team', setTeam), [setTeam]);
  return team;
}
