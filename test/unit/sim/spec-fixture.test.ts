// The vendored spec must be the shared reference copy, byte for byte, wherever that copy exists
// (the project's machines lay it out beside the checkout; a clone elsewhere has only the fixture).
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SHARED_SPEC_PATH, VENDORED_SPEC_PATH } from '../../support/telnyx-openapi';

describe('vendored Telnyx spec', () => {
  it.runIf(existsSync(SHARED_SPEC_PATH))('matches the shared reference copy', () => {
    expect(readFileSync(VENDORED_SPEC_PATH, 'utf8') === readFileSync(SHARED_SPEC_PATH, 'utf8'), `${VENDORED_SPEC_PATH} differs from ${SHARED_SPEC_PATH}`).toBe(true);
  });

  it('is a parseable OpenAPI 3.1 document', () => {
    const spec = JSON.parse(readFileSync(VENDORED_SPEC_PATH, 'utf8')) as { openapi: string; paths: object };
    expect(spec.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(spec.paths).length).toBeGreaterThan(40);
  });
});
