// A stand-in for the `electron` module, only for loading the built main bundle in plain Node
// (no Electron binary here). `requestSingleInstanceLock()` answers false, so main quits right
// after its imports have evaluated: the test proves the bundle loads, nothing more.
export const calls = [];
const record = (name) => () => {
  calls.push(name);
  process.stdout.write(`electron-stub: ${name}\n`);
  return name === 'app.requestSingleInstanceLock' ? false : undefined;
};
export const app = {
  requestSingleInstanceLock: record('app.requestSingleInstanceLock'),
  quit: record('app.quit'),
  whenReady: () => new Promise(() => {}),
  getPath: () => '/tmp',
  getVersion: () => '0.0.0',
  getName: () => 'Switchboard',
  isPackaged: false,
  on: () => app,
};
const inert = new Proxy({}, { get: () => () => undefined });
export const BrowserWindow = class {};
export const Menu = inert, Tray = class {}, Notification = class {}, nativeImage = inert, shell = inert, session = inert,
  protocol = inert, net = inert, ipcMain = inert, globalShortcut = inert, powerMonitor = inert, safeStorage = inert,
  contextBridge = inert, ipcRenderer = inert, autoUpdater = inert, dialog = inert, screen = inert;
export default { app, BrowserWindow, Menu, Tray, Notification, nativeImage, shell, session, protocol, net, ipcMain, globalShortcut, powerMonitor, safeStorage, contextBridge, ipcRenderer, autoUpdater, dialog, screen };
