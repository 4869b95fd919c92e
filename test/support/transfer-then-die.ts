// A child process for the orphaned-transfer test: a console (the real engine, history in a
// folder, the transfer-leg follower switchboard-core wires) on a demo started by the parent. It
// takes the caller it is given, starts a consult to `to`, prints the target's leg once history
// remembers it, then waits to be killed with SIGKILL (no cleanup runs: a real crash).
import { writeSync } from 'node:fs';
import type { RunningDemo } from '../../electron/demo';
import { rememberRingingTargets } from '../../electron/core/transfer-history';
import { engineOnDemo, historyOf, startAvailable } from './engine-on-demo';
import { until } from './until';

/** What the child needs of the parent's demo (engineOnDemo reads only these). */
export type DemoAccess = Pick<RunningDemo, 'apiKey' | 'baseURL' | 'relayToken' | 'telnyxPublicKey' | 'connectionId' | 'callerId' | 'agentEndpoint'> & { relayUrl: string };

const [json, dir, caller, to] = process.argv.slice(2);
if (!json || !dir || !caller || !to) throw new Error('usage: transfer-then-die.ts <demo json> <dir> <caller leg> <target number>');
const access = JSON.parse(json) as DemoAccess;
const demo = { ...access, relay: { url: access.relayUrl } } as unknown as RunningDemo;

const engine = engineOnDemo(demo);
const history = historyOf(engine, dir);
rememberRingingTargets(engine, history.transferLegs, () => Date.now());
await startAvailable(engine);
await until(() => engine.state().queues.some((q) => q.calls.some((c) => c.callControlId === caller)), 'caller queued', 8000);
const { conferenceId } = await engine.handlers['queue.takeCall']({ callControlId: caller });
const { targetCallControlId } = await engine.handlers['transfer.start']({ conferenceId, kind: 'consult', destination: { type: 'number', to } });
await until(() => history.transferLegs.pending().includes(targetCallControlId!), 'target remembered', 8000);
writeSync(1, `${conferenceId} ${targetCallControlId}\n`);
setInterval(() => undefined, 60_000);
