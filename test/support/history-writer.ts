// A child process for the kill -9 test: writes calls to call history in a folder as fast as it
// can, through the port the app uses, and prints each call's id only after the write returned
// (committed), exactly as the UI is told "saved" only after the commit.
import { writeSync } from 'node:fs';
import { createHistoryService } from '../../electron/core/history';
import { createLogger } from '../../electron/core/log';

const dir = process.argv[2];
if (!dir) throw new Error('usage: history-writer.ts <dir>');
const history = createHistoryService({ host: { dir }, settings: () => ({ retentionDays: 365 }), log: createLogger({ level: 'error' }) });
for (let i = 0; ; i++) {
  const conferenceId = `kill9-${i}`;
  const id = history.recordOutbound({ conferenceId, number: `+1555${String(i).padStart(7, '0')}` });
  history.annotate(conferenceId, { disposition: 'sale', notes: `call ${i} `.repeat(20) });
  writeSync(1, `${id} ${conferenceId}\n`);
}
