/**
 * The admin policy file: how an IT department controls updates on managed workstations.
 *
 * One JSON file in a system location that agents cannot write to (see `adminPolicyPath`):
 *
 *   { "updates": { "disabled": false, "pinnedVersion": "1.4.2", "channel": "stable" } }
 *
 * A file that exists but cannot be read or does not match the schema is NOT ignored: it is
 * reported (logged and shown in the UI) and treated as "updates disabled". An IT department
 * that wrote a policy meant to restrict updates; guessing what it meant would be worse than
 * doing nothing until the file is fixed.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { updateChannels, type AdminUpdatePolicy } from '../../contract/updates';

/** Where the policy file lives on each OS. Writable only by administrators/root. */
export function adminPolicyPath(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): string {
  switch (platform) {
    case 'win32':
      return path.win32.join(env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData', 'Switchboard', 'policy.json');
    case 'darwin':
      return '/Library/Application Support/Switchboard/policy.json';
    default:
      return '/etc/switchboard/policy.json';
  }
}

const semver = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/** The `updates` section. Strict: a misspelt key ("disable") is an error, not a silent no-op. */
export const adminUpdatePolicySchema = z.strictObject({
  disabled: z.boolean().optional(),
  pinnedVersion: z.string().regex(semver, 'must be a full version such as 1.4.2').optional(),
  channel: z.enum(updateChannels).optional(),
});

/** The whole file. Other top-level sections may be added by later policies, so they pass. */
export const adminPolicyFileSchema = z.looseObject({ updates: adminUpdatePolicySchema.optional() });

/**
 * Read and validate the policy file. `undefined` = no file (or no `updates` section): no policy.
 * A broken file yields `{ disabled: true, invalid: <why> }`.
 */
export async function readAdminPolicy(file: string): Promise<AdminUpdatePolicy | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return invalidPolicy(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return invalidPolicy(file, 'is not valid JSON');
  }
  const parsed = adminPolicyFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : '(root)';
    return invalidPolicy(file, `${where}: ${issue?.message ?? 'does not match the policy schema'}`);
  }
  const updates = parsed.data.updates;
  if (updates === undefined) return undefined;
  return { source: file, ...updates };
}

function invalidPolicy(source: string, why: string): AdminUpdatePolicy {
  return { source, disabled: true, invalid: `Policy file ${source} ${why}; updates are disabled until it is fixed.` };
}
