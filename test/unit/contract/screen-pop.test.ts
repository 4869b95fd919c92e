import { describe, expect, it } from 'vitest';
import { defaultSettings, fillScreenPop, screenPopTemplateFor, screenPopTemplateProblem, type ScreenPopValues } from '../../../electron/contract';
import { settingsPatchSchema } from '../../../electron/contract/schemas';
import { validationError } from '../../../electron/core/errors';

const values: ScreenPopValues = { from: '+1 555 010/2&x=1', to: '+15559990000', queue: 'sales & support', call_id: 'v3:abc+/=', conference_id: 'c-1', agent: 'Zoë' };

describe('screen pop templates', () => {
  it('accepts http(s) templates with known placeholders in the path, query or fragment', () => {
    for (const t of [
      '',
      'https://crm.example.com/search?phone={from}&queue={queue}&call={call_id}',
      'http://localhost:8080/pop/{conference_id}#{agent}',
      'HTTPS://crm.example.com',
      'https://[::1]:9000/x?to={to}',
    ]) {
      expect(screenPopTemplateProblem(t), t).toBeUndefined();
    }
  });

  it('refuses other schemes, unknown placeholders, placeholders in the host, credentials and junk, saying why', () => {
    expect(screenPopTemplateProblem('javascript:alert(1)')).toBe('must start with http:// or https://');
    expect(screenPopTemplateProblem('file:///etc/passwd')).toBe('must start with http:// or https://');
    expect(screenPopTemplateProblem('ftp://crm.example.com/{from}')).toBe('must start with http:// or https://');
    expect(screenPopTemplateProblem('https://crm.example.com/?p={phone}')).toMatch(/^unknown placeholder \{phone\}; use \{from\}, \{to\}/);
    expect(screenPopTemplateProblem('https://crm.example.com/?p={}')).toMatch(/^unknown placeholder \{\}/);
    expect(screenPopTemplateProblem('https://crm.example.com/?p={from')).toBe('has an unmatched { or }');
    expect(screenPopTemplateProblem('https://{queue}.crm.example.com/')).toBe('placeholders may not be in the host; put them in the path or the query');
    expect(screenPopTemplateProblem('https://user:pw@crm.example.com/')).toBe('may not carry a user name or password');
    expect(screenPopTemplateProblem('https:///path')).toBe('needs a host such as crm.example.com');
    expect(screenPopTemplateProblem('https://crm.example.com/a b')).toMatch(/^may not contain spaces/);
  });

  it('fills every placeholder URL-encoded: a value cannot add a parameter or change the path', () => {
    const url = fillScreenPop('https://crm.example.com/search?phone={from}&queue={queue}&call={call_id}#{agent}', values);
    expect(url).toBe('https://crm.example.com/search?phone=%2B1%20555%20010%2F2%26x%3D1&queue=sales%20%26%20support&call=v3%3Aabc%2B%2F%3D#Zo%C3%AB');
    const parsed = new URL(url);
    expect([...parsed.searchParams.keys()]).toEqual(['phone', 'queue', 'call']);
    expect(parsed.searchParams.get('phone')).toBe(values.from);
    expect(parsed.pathname).toBe('/search');
  });

  it("picks the queue's own template, else the any-queue one", () => {
    const templates = [
      { queue: '*', url: 'https://any.example.com/{from}' },
      { queue: 'sales', url: 'https://sales.example.com/{from}' },
    ];
    expect(screenPopTemplateFor(templates, 'sales')).toBe('https://sales.example.com/{from}');
    expect(screenPopTemplateFor(templates, 'support')).toBe('https://any.example.com/{from}');
    expect(screenPopTemplateFor(templates, undefined)).toBe('https://any.example.com/{from}');
    expect(screenPopTemplateFor([], 'sales')).toBeUndefined();
  });

  it('settings refuse a bad template naming the field', () => {
    const parsed = settingsPatchSchema.safeParse({ screenPop: { openOn: 'answer', templates: [{ queue: 'support', url: 'https://crm.example.com/?p={phone}' }] } });
    expect(parsed.success).toBe(false);
    const error = validationError(parsed.error!);
    expect(error.field).toBe('screenPop.templates.0.url');
    expect(error.message).toMatch(/^screenPop\.templates\.0\.url: unknown placeholder \{phone\}/);
    expect(settingsPatchSchema.safeParse({ screenPop: { openOn: 'answer', templates: [{ queue: 'support', url: 'javascript:alert(1)' }] } }).success).toBe(false);
    expect(settingsPatchSchema.safeParse({ screenPop: defaultSettings.screenPop }).success).toBe(true);
  });

  it('wrap-up settings: a mandatory wrap-up needs a timer, a required disposition needs a list', () => {
    const bad = (wrapUp: object) => validationError(settingsPatchSchema.safeParse({ wrapUp: { ...defaultSettings.wrapUp, ...wrapUp } }).error!);
    expect(bad({ mandatory: true, timerSecs: 0 })).toMatchObject({ field: 'wrapUp.timerSecs' });
    expect(bad({ dispositionRequired: true, dispositions: [] })).toMatchObject({ field: 'wrapUp.dispositions' });
    expect(bad({ dispositions: ['Sale', 'sale'] })).toMatchObject({ field: 'wrapUp.dispositions', message: 'wrapUp.dispositions: has the same entry twice' });
    expect(settingsPatchSchema.safeParse({ agentStates: { awayReasons: ['Break', ''] } }).success).toBe(false);
  });
});
