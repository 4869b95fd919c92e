import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminPolicyPath, readAdminPolicy } from '../../../electron/core/updates';

describe('adminPolicyPath', () => {
  it('is a system location on each OS', () => {
    expect(adminPolicyPath('linux', {})).toBe('/etc/switchboard/policy.json');
    expect(adminPolicyPath('darwin', {})).toBe('/Library/Application Support/Switchboard/policy.json');
    expect(adminPolicyPath('win32', { ProgramData: 'D:\\ProgramData' })).toBe('D:\\ProgramData\\Switchboard\\policy.json');
    expect(adminPolicyPath('win32', {})).toBe('C:\\ProgramData\\Switchboard\\policy.json');
  });
});

describe('readAdminPolicy', () => {
  let dir: string;
  const file = (name: string) => path.join(dir, name);
  async function policyFile(name: string, content: string): Promise<string> {
    await writeFile(file(name), content);
    return file(name);
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'switchboard-policy-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('no file: no policy', async () => {
    expect(await readAdminPolicy(file('missing.json'))).toBeUndefined();
  });

  it('a file without an updates section: no update policy', async () => {
    expect(await readAdminPolicy(await policyFile('other.json', '{"telemetry": {"off": true}}'))).toBeUndefined();
  });

  it('reads disabled, pinnedVersion and channel, and says where they came from', async () => {
    const source = await policyFile(
      'full.json',
      JSON.stringify({ updates: { disabled: false, pinnedVersion: '1.4.2', channel: 'stable' } }),
    );
    expect(await readAdminPolicy(source)).toEqual({ source, disabled: false, pinnedVersion: '1.4.2', channel: 'stable' });
  });

  it('accepts a pre-release pin', async () => {
    const source = await policyFile('beta-pin.json', '{"updates":{"pinnedVersion":"2.0.0-beta.3"}}');
    expect(await readAdminPolicy(source)).toEqual({ source, pinnedVersion: '2.0.0-beta.3' });
  });

  const broken: Array<[string, string, RegExp]> = [
    ['not JSON', '{"updates": {"disabled": tru', /is not valid JSON/],
    ['a misspelt key', '{"updates": {"disable": true}}', /updates: Unrecognized key.*disable/],
    ['a wrong type', '{"updates": {"disabled": "yes"}}', /updates\.disabled/],
    ['an unknown channel', '{"updates": {"channel": "nightly"}}', /updates\.channel/],
    ['a partial version', '{"updates": {"pinnedVersion": "1.4"}}', /updates\.pinnedVersion: must be a full version/],
    ['an array', '[]', /\(root\)/],
  ];
  for (const [what, content, why] of broken) {
    it(`${what}: reported and treated as updates disabled`, async () => {
      const source = await policyFile(`broken-${what.replace(/\W/g, '-')}.json`, content);
      const policy = await readAdminPolicy(source);
      expect(policy).toMatchObject({ source, disabled: true });
      expect(policy?.invalid).toMatch(why);
      expect(policy?.invalid).toContain(source);
      expect(policy?.invalid).toContain('updates are disabled until it is fixed');
    });
  }

  it('an unreadable path: reported and treated as updates disabled', async () => {
    await mkdir(file('a-directory.json'));
    const policy = await readAdminPolicy(file('a-directory.json'));
    expect(policy).toMatchObject({ disabled: true, invalid: expect.stringContaining('cannot be read (EISDIR)') });
  });
});
