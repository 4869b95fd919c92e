/**
 * The names of every method the renderer may call in main: a leaf module (no imports), so the
 * domain types can name methods without an import circle. methods.ts gives each its result,
 * schemas/methods.ts its params; TypeScript fails the build where one is missing.
 */
export const methodNames = [
  'app.getInfo', 'app.openExternal',
  'settings.get', 'settings.set',
  'secrets.status', 'secrets.set', 'secrets.clear', 'secrets.acceptWeakStorage',
  'telnyx.testConnection',
  'demo.start', 'demo.stop',
  'agent.getState', 'agent.setStatus', 'agent.finishWrapUp',
  'queue.takeNext', 'queue.takeCall', 'queue.enqueue', 'queue.remove',
  'conference.list', 'conference.get', 'conference.mute', 'conference.unmute', 'conference.hold',
  'conference.unhold', 'conference.play', 'conference.stopAudio', 'conference.speak',
  'conference.recordStart', 'conference.recordPause', 'conference.recordResume', 'conference.recordStop',
  'conference.addParticipant', 'conference.leave', 'conference.end',
  'supervisor.join', 'supervisor.setRole',
  'shortcuts.status', 'shortcuts.set', 'shortcuts.reset', 'shortcuts.trigger',
  'failures.dismiss',
  'updates.getStatus', 'updates.check', 'updates.setChannel', 'updates.installNow',
  'softphone.session', 'softphone.token', 'softphone.checkInvite', 'softphone.setRegistered',
  // The softphone's audio truth (softphone-audio.ts): ringing notification, call quality, the demo's audio test.
  'softphone.notifyIncoming', 'softphone.reportQuality', 'softphone.startAudioTest', 'softphone.finishAudioTest',
  // Call history (history.ts): a page of calls, one call, a CSV export.
  'history.list', 'history.get', 'history.exportCsv',
  // Agent states, wrap-up and screen pop (agent-states.ts, screen-pop.ts).
  'agent.updateWrapUp', 'agent.extendWrapUp', 'screenPop.open',
  // Transfers (blind, consult) and the keypad: contract/transfer.ts
  'transfer.start', 'transfer.complete', 'transfer.threeWay', 'transfer.cancel',
  'keypad.send',
  // Outbound calls and callbacks (outbound.ts)
  'call.dial', 'call.cancelDial', 'call.dismissLink', 'phoneNumbers.list',
  // The team (relay presence, offers, KPIs): team.ts
  'team.getState', 'team.answerOffer',
  // Call history's disposition filter: the configured dispositions and those found in history (history.ts)
  'history.dispositions',
] as const;

export type MethodName = (typeof methodNames)[number];
