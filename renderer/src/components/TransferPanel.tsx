/**
 * Transfer the caller: blind or after a consult, to a number / SIP address, a queue or another
 * agent (picked from the team's presence, or by endpoint), or from recent and favourite destinations (searchable, saved in
 * Settings). What it shows is what core published (`state.transfer`, each phase confirmed by
 * Telnyx); a failure shows Telnyx's own words next to the control that caused it.
 */
import { useId, useState } from 'react';
import {
  destinationAddress,
  describeDestination,
  offerSecondsLeft,
  finishedTransferPhases,
  hangupCauseText,
  type AgentState,
  type Conference,
  type Settings,
  type TransferDestination,
  type TransferDestinationType,
  type TransferState,
} from '../../../electron/contract';
import { switchboard } from '../bridge';
import { isFavourite, searchDestinations, toggledFavourite, withRecent } from '../destinations';
import { failuresFor } from '../failures';
import { CommandButton, FailureNotes } from './CommandButton';
import { OfferTeammatePicker, TeammatePicker } from './TeammatePicker';
import { useNow } from '../hooks/useNow';

type Teammate = { agentId: string; endpoint: string };

interface TransferPanelProps {
  state: AgentState;
  conference: Conference;
  settings: Settings;
  onSettingsChange(next: Settings): void;
}

const typeLabels: Record<TransferDestinationType, string> = { number: 'Number', queue: 'Queue', agent: 'Agent endpoint', teammate: 'Teammate (offer)' };
const addressLabels: Record<TransferDestinationType, string> = {
  number: 'Destination number or SIP address',
  queue: 'Destination queue',
  agent: 'Destination agent endpoint',
  teammate: 'Teammate agent id',
};
const placeholders: Record<TransferDestinationType, string> = { number: '+15551234567 or sip:name@example.com', queue: 'sales', agent: '+15551234567 or sip:name@example.com', teammate: 'bob' };

/** The destination typed or picked; a teammate picked from presence keeps its name while its endpoint is the address. */
function destinationOf(type: TransferDestinationType, address: string, picked?: Teammate): TransferDestination {
  const value = address.trim();
  switch (type) {
    case 'number':
      return { type, to: value };
    case 'queue':
      return { type, queue: value };
    case 'agent':
      return picked?.endpoint === value ? { type, endpoint: value, name: picked.agentId } : { type, endpoint: value };
    case 'teammate':
      return { type, agentId: value };
  }
}

export function TransferPanel({ state, conference, settings, onSettingsChange }: TransferPanelProps) {
  const transfer = state.transfer?.conferenceId === conference.id ? state.transfer : undefined;
  const active = transfer && !finishedTransferPhases.includes(transfer.phase) ? transfer : undefined;
  // Kept here, not in the form: after a failed or cancelled transfer the agent can retry or star it.
  const [type, setType] = useState<TransferDestinationType>('number');
  const [address, setAddress] = useState('');
  const [picked, setPicked] = useState<Teammate>();
  const target = { type, address, setType, setAddress, picked, setPicked };
  return (
    <fieldset className="tool-group transfer-tools">
      <legend>Transfer</legend>
      {transfer ? <TransferStatus transfer={transfer} /> : null}
      {active ? (
        <TransferProgress state={state} transfer={active} />
      ) : (
        <TransferForm state={state} conference={conference} settings={settings} onSettingsChange={onSettingsChange} target={target} />
      )}
    </fieldset>
  );
}

function phaseText(t: TransferState): string {
  const to = describeDestination(t.destination);
  switch (t.phase) {
    case 'offering':
      return `Offering the caller to ${to}… (caller on hold)`;
    case 'dialing':
      return `Calling ${to}…`;
    case 'ringing':
      return `Ringing ${to}… (caller on hold)`;
    case 'answered':
      return `${to} answered, joining…`;
    case 'consulting':
      return `Consulting ${to} (caller on hold)`;
    case 'three-way':
      return `Three-way call with ${to}`;
    case 'completing':
      return `Transferring to ${to}…`;
    case 'failed':
      if (t.reason) return `Transfer to ${to} failed: ${t.reason}. You are back with the caller.`;
      return `Transfer to ${to} failed: ${hangupCauseText(t.hangupCause)}${t.hangupCause ? ` (${t.hangupCause})` : ''}. You are back with the caller.`;
    case 'cancelled':
      return `Transfer to ${to} cancelled. You are back with the caller.`;
    case 'target-left':
      return `${to} left the call${t.hangupCause ? ` (${t.hangupCause})` : ''}.`;
  }
}

function TransferStatus({ transfer }: { transfer: TransferState }) {
  return (
    <p role="status" className={`transfer-status phase-${transfer.phase}`} data-testid="transfer-status" data-phase={transfer.phase}>
      {phaseText(transfer)}
      {transfer.phase === 'offering' && transfer.offerExpiresAt ? <OfferSecondsLeft expiresAt={transfer.offerExpiresAt} /> : null}
    </p>
  );
}

/** The teammate's offer countdown (only this ticks). Hidden from the live region: it would be read every second. */
function OfferSecondsLeft({ expiresAt }: { expiresAt: number }) {
  const now = useNow(1000);
  return <span aria-hidden="true"> · {offerSecondsLeft(expiresAt, now)} s left</span>;
}

function TransferProgress({ state, transfer }: { state: AgentState; transfer: TransferState }) {
  const api = switchboard();
  const conferenceId = transfer.conferenceId;
  const joined = transfer.phase === 'consulting' || transfer.phase === 'three-way';
  const consult = transfer.kind === 'consult';
  return (
    <div className="field-row" role="group" aria-label="Transfer in progress">
      {consult ? (
        <>
          <CommandButton
            disabled={transfer.phase === 'completing'}
            failures={failuresFor(state, ['transfer.complete'], [conferenceId])}
            title={joined ? 'Leave: the caller and the target stay together' : 'Complete as soon as the target joins'}
            onRun={() => api.transfer.complete({ conferenceId })}
          >
            Complete transfer
          </CommandButton>
          <CommandButton
            disabled={transfer.phase !== 'consulting'}
            failures={failuresFor(state, ['transfer.threeWay'], [conferenceId])}
            onRun={() => api.transfer.threeWay({ conferenceId })}
          >
            Three-way
          </CommandButton>
        </>
      ) : null}
      <CommandButton
        className="danger"
        disabled={transfer.phase === 'completing'}
        failures={failuresFor(state, ['transfer.cancel'], [conferenceId])}
        onRun={() => api.transfer.cancel({ conferenceId })}
      >
        Cancel transfer
      </CommandButton>
      <FailureNotes failures={failuresFor(state, ['transfer.start'], [conferenceId])} />
    </div>
  );
}

interface FormTarget {
  type: TransferDestinationType;
  address: string;
  setType(type: TransferDestinationType): void;
  setAddress(address: string): void;
  /** The teammate picked from presence (TeammatePicker), if any. */
  picked: Teammate | undefined;
  setPicked(teammate: Teammate): void;
}

function TransferForm({ state, conference, settings, onSettingsChange, target }: TransferPanelProps & { target: FormTarget }) {
  const api = switchboard();
  const typeId = useId();
  const addressId = useId();
  const searchId = useId();
  const queuesId = useId();
  const { type, address, setType, setAddress, picked, setPicked } = target;
  const [query, setQuery] = useState('');
  const [note, setNote] = useState('');
  const noteId = useId();
  const conferenceId = conference.id;
  const hasCaller = conference.participants.some((p) => p.kind === 'caller' && p.status === 'joined');
  const destination = destinationOf(type, address, picked);
  const transfers = settings.transfers;
  const save = async (next: Settings['transfers']) => {
    const outcome = await api.settings.set({ transfers: next });
    if (outcome.ok) onSettingsChange(outcome.value);
  };
  const withNote = type === 'teammate' && note.trim() ? { note: note.trim() } : {};
  const start = (kind: 'blind' | 'consult') => () => api.transfer.start({ conferenceId, kind, destination, ...withNote });
  const remember = () => void save(withRecent(transfers, destination));
  const found = searchDestinations(transfers, query);
  const startFailures = failuresFor(state, ['transfer.start'], [conferenceId]);
  return (
    <>
      <div className="field-row">
        <label htmlFor={typeId}>Transfer to</label>
        <select id={typeId} value={type} onChange={(event) => setType(event.target.value as TransferDestinationType)}>
          {(Object.keys(typeLabels) as TransferDestinationType[]).map((t) => (
            <option key={t} value={t}>
              {typeLabels[t]}
            </option>
          ))}
        </select>
        <label htmlFor={addressId}>{addressLabels[type]}</label>
        <input
          id={addressId}
          type="text"
          list={type === 'queue' ? queuesId : undefined}
          placeholder={placeholders[type]}
          value={address}
          onChange={(event) => setAddress(event.target.value)}
        />
        <datalist id={queuesId}>
          {settings.watchedQueues.map((q) => (
            <option key={q} value={q} />
          ))}
        </datalist>
      </div>
      {type === 'teammate' ? (
        <>
          <OfferTeammatePicker agentId={address} onPick={setAddress} />
          <div className="field-row">
            <label htmlFor={noteId}>Note for the teammate</label>
            <input id={noteId} type="text" maxLength={200} value={note} placeholder="Billing question, verified" onChange={(event) => setNote(event.target.value)} />
          </div>
        </>
      ) : null}
      {type === 'agent' ? (
        <TeammatePicker
          endpoint={address}
          onPick={(teammate) => {
            setPicked(teammate);
            setAddress(teammate.endpoint);
          }}
        />
      ) : null}
      <div className="field-row">
        <CommandButton disabled={!hasCaller || address.trim() === ''} failures={startFailures} onRun={start('blind')} onDone={remember}>
          Blind transfer
        </CommandButton>
        {type !== 'queue' ? (
          <CommandButton disabled={!hasCaller || address.trim() === ''} onRun={start('consult')} onDone={remember}>
            Consult
          </CommandButton>
        ) : null}
        <CommandButton
          className="quiet"
          label={isFavourite(transfers, destination) ? 'Remove from favourites' : 'Add to favourites'}
          pressed={isFavourite(transfers, destination)}
          disabled={address.trim() === ''}
          onRun={async () => {
            await save(toggledFavourite(transfers, destination));
            return { ok: true, value: null };
          }}
        >
          ★
        </CommandButton>
      </div>
      <div className="field-row">
        <label htmlFor={searchId}>Search destinations</label>
        <input id={searchId} type="search" value={query} placeholder="Recent and favourites" onChange={(event) => setQuery(event.target.value)} />
      </div>
      {found.length > 0 ? (
        <ul className="saved-destinations" aria-label="Saved destinations">
          {found.map((s) => (
            <li key={`${s.destination.type}:${describeDestination(s.destination)}`}>
              <button
                type="button"
                className="button quiet small"
                onClick={() => {
                  setType(s.destination.type);
                  setAddress(destinationAddress(s.destination));
                }}
              >
                {s.favourite ? '★ ' : ''}
                {s.label}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
