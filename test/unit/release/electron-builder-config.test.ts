/**
 * electron-builder.yml (and its two overlays) against app-builder-lib's own JSON schema, loaded
 * and merged by app-builder-lib's own config loader, plus the release rules the schema cannot
 * express: signing, notarization, publisher verification, fuses, what goes into the package.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import type { Configuration } from 'app-builder-lib';
import { getConfig as loadMergedConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { getConfig as readConfigFile } from 'app-builder-lib/out/util/config/load';
import { DebugLogger } from 'builder-util';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const schema = JSON.parse(readFileSync(path.join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as object;

// The options electron-builder itself validates with (app-builder-lib/out/util/config/schemaValidator.js).
const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(schema);

const configFiles = ['electron-builder.yml', 'electron-builder.azure.yml', 'electron-builder.test.yml'] as const;
type ConfigFile = (typeof configFiles)[number];

async function readRaw(file: ConfigFile): Promise<Record<string, unknown>> {
  const read = await readConfigFile<Record<string, unknown>>(
    { packageKey: 'build', configFilename: 'electron-builder', projectDir: root, packageMetadata: null },
    file,
  );
  if (!read) throw new Error(`${file} not found`);
  return read.result;
}

const merged = {} as Record<ConfigFile, Configuration>;
const raw = {} as Record<ConfigFile, Record<string, unknown>>;

beforeAll(async () => {
  for (const file of configFiles) {
    raw[file] = await readRaw(file);
    merged[file] = await loadMergedConfig(root, file, null);
  }
});

/** The fuse settings every shipped build must have. */
const releaseFuses = {
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
};

describe('schema', () => {
  for (const file of configFiles) {
    it(`${file} matches app-builder-lib's configuration schema, as written and once merged`, async () => {
      for (const config of [raw[file], merged[file]]) {
        const ok = validate(config);
        expect(ok ? [] : validate.errors).toEqual([]);
      }
      // electron-builder's own validation entry point, with its extra deprecation checks.
      await expect(validateConfiguration(merged[file], new DebugLogger(false))).resolves.toBeUndefined();
    });
  }

  it('the validator is not vacuous: a misspelt key or a removed option is rejected', async () => {
    expect(validate({ ...raw['electron-builder.yml'], electronFusess: {} })).toBe(false);
    expect(validate({ ...raw['electron-builder.yml'], win: { publisherName: 'x' } })).toBe(false); // moved to signtoolOptions in v26
    expect(validate({ ...raw['electron-builder.yml'], electronFuses: { runAsNode: 'no' } })).toBe(false);
    await expect(
      validateConfiguration({ ...merged['electron-builder.yml'], mac: { notarise: true } } as Configuration, new DebugLogger(false)),
    ).rejects.toThrow(/does not match the API schema[\s\S]*configuration\.mac/);
  });
});

describe('electron-builder.yml: identity and contents', () => {
  it('names the app and its directories', () => {
    const c = merged['electron-builder.yml'];
    expect(c.appId).toBe('com.switchboard.console');
    expect(c.productName).toBe('Switchboard');
    expect(c.directories).toMatchObject({ output: 'release', buildResources: 'build' });
    expect(c.asar).toBe(true);
  });

  it('packages only the built app: out/** and package.json, nothing from sources, tests, sim or relay', () => {
    const files = raw['electron-builder.yml'].files as string[];
    const included = files.filter((f) => !f.startsWith('!'));
    expect(included.sort()).toEqual(['out/**/*', 'package.json']);
    const excluded = files.filter((f) => f.startsWith('!')).join(' ');
    for (const folder of ['sim', 'relay', 'test', 'electron', 'renderer']) expect(excluded).toContain(folder);
    expect(excluded).toContain('*.map');
  });

  it('ships the tray and window icons as resources', () => {
    const resources = raw['electron-builder.yml'].extraResources as Array<{ from: string; to: string }>;
    expect(resources.map((r) => r.to).sort()).toEqual(['icon.png', 'tray.png', 'tray@2x.png']);
    for (const r of resources) expect(existsSync(path.join(root, r.from)), r.from).toBe(true);
  });

  it('keeps every secret out of the file', () => {
    const text = configFiles.map((f) => readFileSync(path.join(root, f), 'utf8')).join('\n');
    expect(text).not.toMatch(/^\s*(cscLink|cscKeyPassword|certificatePassword|certificateFile|token)\s*:/m);
  });
});

describe('fuses', () => {
  it('release builds: RunAsNode, NODE_OPTIONS and --inspect off; asar-only with integrity; cookies encrypted', () => {
    expect(merged['electron-builder.yml'].electronFuses).toMatchObject(releaseFuses);
    expect(merged['electron-builder.azure.yml'].electronFuses).toMatchObject(releaseFuses);
  });

  it('the test build differs only by node CLI inspect arguments (for Playwright _electron)', () => {
    expect(merged['electron-builder.test.yml'].electronFuses).toEqual({
      ...merged['electron-builder.yml'].electronFuses,
      enableNodeCliInspectArguments: true,
    });
    expect(merged['electron-builder.test.yml'].publish).toBeNull();
    expect(merged['electron-builder.test.yml'].directories?.output).toBe('release/test');
    const test = merged['electron-builder.test.yml'];
    expect([test.mac?.target, test.win?.target, test.linux?.target]).toEqual(['dir', 'dir', 'dir']);
  });
});

describe('signing, notarization and publisher verification', () => {
  it('release builds refuse to be unsigned', () => {
    expect(merged['electron-builder.yml'].forceCodeSigning).toBe(true);
    expect(merged['electron-builder.azure.yml'].forceCodeSigning).toBe(true);
  });

  it('macOS: dmg + zip, hardened runtime, microphone entitlement, notarization', () => {
    const mac = merged['electron-builder.yml'].mac!;
    const targets = (mac.target as Array<{ target: string }>).map((t) => t.target);
    expect(targets).toEqual(['dmg', 'zip']);
    expect(mac.hardenedRuntime).toBe(true);
    expect(mac.notarize).toBe(true);
    expect(mac.identity).toBeUndefined(); // found from CSC_LINK, never null in a release build
    expect(mac.extendInfo).toMatchObject({ NSMicrophoneUsageDescription: expect.stringMatching(/microphone/) });
    for (const file of [mac.entitlements, mac.entitlementsInherit]) {
      const plist = readFileSync(path.join(root, file!), 'utf8');
      expect(plist).toMatch(/<key>com\.apple\.security\.device\.audio-input<\/key>\s*<true\/>/);
      expect(plist).toMatch(/<key>com\.apple\.security\.cs\.allow-jit<\/key>\s*<true\/>/);
      expect(plist).not.toContain('disable-library-validation');
    }
  });

  it('Windows: signed NSIS whose publisher the updater verifies (signtool or Azure Trusted Signing)', () => {
    const win = merged['electron-builder.yml'].win!;
    expect((win.target as Array<{ target: string }>).map((t) => t.target)).toEqual(['nsis']);
    expect(win.verifyUpdateCodeSignature).not.toBe(false);
    const publisher = win.signtoolOptions?.publisherName;
    expect(publisher).toEqual(expect.any(String));
    expect(win.signtoolOptions?.signingHashAlgorithms).toEqual(['sha256']);

    const azure = merged['electron-builder.azure.yml'].win!;
    expect(azure.signtoolOptions).toBeNull();
    expect(azure.azureSignOptions).toMatchObject({
      publisherName: publisher,
      endpoint: expect.stringMatching(/^https:\/\/.+\.codesigning\.azure\.net$/),
      codeSigningAccountName: expect.any(String),
      certificateProfileName: expect.any(String),
    });
    expect(azure.verifyUpdateCodeSignature).not.toBe(false);
  });

  it('NSIS installs per user, so updates need no admin rights', () => {
    expect(merged['electron-builder.yml'].nsis).toMatchObject({ oneClick: true, perMachine: false });
  });
});

describe('Linux and the update feed', () => {
  it('AppImage and deb, with a desktop entry and an icon set', () => {
    const linux = merged['electron-builder.yml'].linux!;
    expect((linux.target as Array<{ target: string }>).map((t) => t.target)).toEqual(['AppImage', 'deb']);
    expect(linux.desktop?.entry).toMatchObject({ Name: 'Switchboard', Categories: expect.stringContaining('Telephony') });
    for (const size of [16, 32, 48, 64, 128, 256, 512]) {
      const png = readFileSync(path.join(root, linux.icon!, `${size}x${size}.png`));
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
    }
  });

  it('publishes drafts to GitHub Releases, with update files for every channel', () => {
    const c = merged['electron-builder.yml'];
    expect(c.publish).toEqual([{ provider: 'github', releaseType: 'draft' }]);
    expect(c.generateUpdatesFilesForAllChannels).toBe(true);
  });

  it('icons exist at the sizes electron-builder and the tray need', () => {
    const size = (file: string) => {
      const png = readFileSync(path.join(root, 'build', file));
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      return png.readUInt32BE(16);
    };
    expect(size('icon.png')).toBe(1024);
    expect(size('tray.png')).toBe(16);
    expect(size('tray@2x.png')).toBe(32);
  });
});
