import { offerSecondsLeft, type CallOffer, type TeamState } from '../../../electron/contract';
import { switchboard } from '../bridge';
import { CommandButton } from '../components/CommandButton';
import { formatWait, secondsSince } from '../format';
import { useNow } from '../hooks/useNow';
import { useRingTone } from './ring-tone';

const outcomeText = {
  accepted: 'accepted',
  declined: 'declined',
  timeout: 'missed',
  caller_gone: 'the caller hung up',
  taken: 'taken',
  withdrawn: 'cancelled by the sender',
} as const;

/**
 * A caller the relay offers to this agent: rings, shows who and from which queue, counts down
 * to the offer's expiry, and answers it. After it ends, a line says how.
 */
export function OfferPanel({ team }: { team: TeamState }) {
  if (team.offer) return <RingingOffer offer={team.offer} />;
  const last = team.lastOffer;
  if (!last) return null;
  return (
    <p className="offer-ended" role="status" data-testid="last-offer">
      Last offer{last.from ? ` (${last.from})` : ''}: {outcomeText[last.outcome]}
      {last.by ? ` by ${last.by}` : ''}
      {team.missedOffers > 0 ? ` · ${team.missedOffers} missed in a row` : ''}
    </p>
  );
}

/** The offer ringing now; only it ticks (the countdown), and only while it is on screen. */
function RingingOffer({ offer }: { offer: CallOffer }) {
  const now = useNow(250);
  useRingTone(!offer.accepting);
  const left = offerSecondsLeft(offer.expiresAt, now);
  const transfer = offer.transfer;
  const title = transfer ? `Transfer from ${transfer.fromAgent}` : 'Call offered';
  return (
    <section role="alertdialog" aria-label={title} aria-describedby="offer-details" className="offer-panel" data-ringing={!offer.accepting || undefined}>
      <h2>{title}</h2>
      {transfer ? (
        <p id="offer-details" className="offer-details">
          <span className="caller">{offer.from || 'Unknown caller'}</span> · {transfer.kind === 'blind' ? 'blind transfer' : 'consult first'}
          {offer.queue ? <> · from <span className="queue-name">{offer.queue}</span></> : null}
          <br />
          <span className="transfer-note" data-testid="offer-transfer-note">
            {transfer.note}
          </span>
        </p>
      ) : (
        <p id="offer-details" className="offer-details">
          <span className="caller">{offer.from || 'Unknown caller'}</span> in <span className="queue-name">{offer.queue}</span> · waiting{' '}
          {formatWait(secondsSince(offer.enqueuedAt, now))}
        </p>
      )}
      <p className="offer-countdown" aria-live="off">
        <span data-testid="offer-countdown">{left}</span> s to answer
      </p>
      <span className="offer-actions">
        <CommandButton className="primary large" pending={offer.accepting} onRun={() => switchboard().team.answerOffer({ offerId: offer.offerId, accept: true })}>
          Accept
        </CommandButton>
        <CommandButton className="large" disabled={offer.accepting} onRun={() => switchboard().team.answerOffer({ offerId: offer.offerId, accept: false })}>
          Decline
        </CommandButton>
      </span>
    </section>
  );
}
