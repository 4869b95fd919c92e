// The real @telnyx/webrtc SDK, bundled by esbuild, in headless Debian Chromium (playwright-core),
// served from 127.0.0.1, with a scripted microphone: a WAV of a steady tone. Tests drive it through
// the functions the page defines on `window` and read what it saw from `window.softphone`.
import http from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { monoWav } from '../../support/fake-microphone';
import { chromium, type Browser, type Page } from 'playwright-core';

export const MIC_TONE_HZ = 440;

/** What the page exposes (read with page.evaluate). */
export interface SoftphoneState {
  ready: boolean;
  errors: string[];
  warnings: number[];
  states: string[];
  call?: { state: string; telnyxCallControlId?: string; customHeaders: Array<{ name: string; value: string }> };
}

const PAGE_SCRIPT = `
window.speaker = new Audio();
window.start = (token, host) => {
  const s = window.softphone = { ready: false, errors: [], warnings: [], states: [], call: undefined };
  const client = new TelnyxWebRTC.TelnyxRTC({ login_token: token, host, iceServers: [] });
  window.client = client;
  // Chromium's voice processing would learn the steady test tone as noise and fade it out: off, as the notes advise.
  client.on('telnyx.ready', () => {
    client.setAudioSettings({ echoCancellation: false, noiseSuppression: false, autoGainControl: false })
      .then(() => { s.ready = true; }, (e) => { s.errors.push('setAudioSettings: ' + e.message); });
  });
  client.on('telnyx.error', (e) => { s.errors.push(JSON.stringify((e && e.error) || e)); });
  client.on('telnyx.warning', (w) => { s.warnings.push(w && w.warning && w.warning.code); });
  client.on('telnyx.notification', (n) => {
    if (n.type !== 'callUpdate') return;
    window.currentCall = n.call;
    s.states.push(n.call.state);
    s.call = { state: n.call.state, telnyxCallControlId: n.call.options.telnyxCallControlId, customHeaders: n.call.options.customHeaders || [] };
    // Play the far end, as a console would: Chromium only decodes (and counts energy of) audio it plays out.
    if (n.call.state === 'active' && n.call.remoteStream && window.speaker.srcObject !== n.call.remoteStream) {
      window.speaker.srcObject = n.call.remoteStream;
      window.speaker.play().catch((e) => s.errors.push('play: ' + e.message));
    }
  });
  client.connect();
};
window.answer = () => window.currentCall.answer();
window.hangup = () => window.currentCall.hangup();
window.dtmf = (digit) => window.currentCall.dtmf(digit);
window.hold = () => window.currentCall.hold();
window.unhold = () => window.currentCall.unhold();
/** Total inbound audio energy and duration so far (RMS over a window = sqrt(dEnergy / dDuration)). */
window.inboundEnergy = async () => {
  const pc = window.currentCall && window.currentCall.peer && window.currentCall.peer.instance;
  if (!pc) return { energy: 0, duration: 0 };
  const stats = await pc.getStats();
  let out = { energy: 0, duration: 0 };
  stats.forEach((r) => { if (r.type === 'inbound-rtp' && r.kind === 'audio') out = { energy: r.totalAudioEnergy || 0, duration: r.totalSamplesDuration || 0 }; });
  return out;
};
`;

/** 10 s of a 0.3-amplitude sine at 48 kHz (Chromium loops the file). */
function toneWav(hz: number, seconds = 10): Buffer {
  return monoWav(seconds, (t) => 0.3 * Math.sin(2 * Math.PI * hz * t));
}

export interface SoftphoneBrowser {
  page: Page;
  state(): Promise<SoftphoneState>;
  /** RMS of what the page received from the simulator since the previous call. */
  inboundRms(): Promise<number>;
  close(): Promise<void>;
}

/** `fakeClock`: the page's timers and Date run on Playwright's clock (installed before the SDK loads), which a test drives. */
export async function openSoftphoneBrowser(options: { fakeClock?: boolean } = {}): Promise<SoftphoneBrowser> {
  const dir = mkdtempSync(path.join(tmpdir(), 'softphone-'));
  const wavPath = path.join(dir, 'mic.wav');
  writeFileSync(wavPath, toneWav(MIC_TONE_HZ));
  const entry = createRequire(import.meta.url).resolve('@telnyx/webrtc');
  const bundle = await build({ entryPoints: [entry], bundle: true, format: 'iife', globalName: 'TelnyxWebRTC', write: false, logLevel: 'silent' });
  const sdk = bundle.outputFiles[0]!.text;
  const files: Record<string, [string, string]> = {
    '/': ['text/html', '<!doctype html><meta charset="utf-8"><title>softphone</title><script src="/sdk.js"></script><script src="/page.js"></script>'],
    '/sdk.js': ['text/javascript', sdk],
    '/page.js': ['text/javascript', PAGE_SCRIPT],
  };
  const server = http.createServer((req, res) => {
    const file = files[req.url ?? '/'];
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file[0] }).end(file[1]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      // Playwright mutes audio by default; a muted page does not play out, so it decodes nothing.
      ignoreDefaultArgs: ['--mute-audio'],
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run',
        '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${wavPath}`,
        '--autoplay-policy=no-user-gesture-required',
      ],
    });
    const page = await browser.newPage();
    if (options.fakeClock) await page.clock.install();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    let last = { energy: 0, duration: 0 };
    const opened = browser;
    return {
      page,
      state: () => page.evaluate(() => (window as unknown as { softphone: SoftphoneState }).softphone),
      async inboundRms() {
        const now = await page.evaluate(() => (window as unknown as { inboundEnergy(): Promise<{ energy: number; duration: number }> }).inboundEnergy());
        const dDuration = now.duration - last.duration;
        const rms = dDuration > 0 ? Math.sqrt(Math.max(0, now.energy - last.energy) / dDuration) : 0;
        last = now;
        return rms;
      },
      async close() {
        await opened.close();
        server.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await browser?.close();
    server.close();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
