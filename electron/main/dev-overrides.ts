/**
 * Environment overrides that only development and test builds honour. `TELNYX_BASE_URL` sends
 * the API key to whatever host it names, so a packaged app ignores it: an environment variable
 * set by another program, a login script or a shortcut must not be able to redirect the key.
 */
export function telnyxOverride(env: NodeJS.ProcessEnv, isPackaged: boolean): { telnyx?: { baseURL: string } } {
  const baseURL = env.TELNYX_BASE_URL;
  return isPackaged || !baseURL ? {} : { telnyx: { baseURL } };
}
