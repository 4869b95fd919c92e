import { describe, expect, it } from 'vitest';
import { checkDialNumber, dialCountries } from '../../../electron/contract';

const e164 = (input: string, country: Parameters<typeof checkDialNumber>[1] = '') => {
  const r = checkDialNumber(input, country);
  return r.ok ? r.e164 : `problem: ${r.problem}`;
};

describe('checkDialNumber: +E.164', () => {
  it('accepts +E.164 with the separators people type', () => {
    expect(e164('+1 (555) 123-4567')).toBe('+15551234567');
    expect(e164(' +44 20 7123 4567 ')).toBe('+442071234567');
    expect(e164('+49.30.1234.5678')).toBe('+493012345678');
  });

  it('refuses what E.164 cannot be, saying what it must be', () => {
    expect(e164('+0123456789')).toMatch(/^problem: must be \+E\.164/);
    expect(e164('+1234')).toMatch(/^problem: must be \+E\.164/);
    expect(e164('+1234567890123456')).toMatch(/^problem: must be \+E\.164/);
    expect(e164('+1 555 CALL NOW')).toMatch(/^problem: use digits only/);
    expect(e164('')).toBe('problem: enter a number to call');
    expect(e164('   ')).toBe('problem: enter a number to call');
  });

  it('without a default country, a national number is refused and the message points at Settings', () => {
    expect(e164('(555) 123-4567')).toMatch(/choose a default country in Settings/);
  });
});

describe('checkDialNumber: national formats with a default country', () => {
  it('United States: 10 digits, with or without the leading 1, and 011 for abroad', () => {
    expect(e164('(555) 123-4567', 'US')).toBe('+15551234567');
    expect(e164('1-555-123-4567', 'US')).toBe('+15551234567');
    expect(e164('011 44 20 7123 4567', 'US')).toBe('+442071234567');
    expect(e164('555-1234', 'US')).toMatch(/^problem: is not a United States number \(10 digits after the 1\)/);
    expect(e164('+44 20 7123 4567', 'US')).toBe('+442071234567');
  });

  it('United Kingdom: the trunk 0 is dropped, 00 dials abroad', () => {
    expect(e164('020 7123 4567', 'GB')).toBe('+442071234567');
    expect(e164('07700 900123', 'GB')).toBe('+447700900123');
    expect(e164('00 1 555 123 4567', 'GB')).toBe('+15551234567');
    expect(e164('0207', 'GB')).toMatch(/^problem: is not a United Kingdom number \(9 to 10 digits after the 0\)/);
  });

  it('Germany, France, Netherlands, Ireland, Australia, Canada', () => {
    expect(e164('030 12345678', 'DE')).toBe('+493012345678');
    expect(e164('01 23 45 67 89', 'FR')).toBe('+33123456789');
    expect(e164('020-1234567', 'NL')).toBe('+31201234567');
    expect(e164('01 234 5678', 'IE')).toBe('+35312345678');
    expect(e164('02 9876 5432', 'AU')).toBe('+61298765432');
    expect(e164('0011 44 20 7123 4567', 'AU')).toBe('+442071234567');
    expect(e164('416 555 0123', 'CA')).toBe('+14165550123');
  });

  it('every country in the table has a sane shape', () => {
    for (const c of dialCountries) {
      expect(c.code).toMatch(/^[A-Z]{2}$/);
      expect(c.callingCode).toMatch(/^[1-9]\d{0,2}$/);
      expect(c.nationalDigits[0]).toBeLessThanOrEqual(c.nationalDigits[1]);
      expect(c.callingCode.length + c.nationalDigits[1]).toBeLessThanOrEqual(15);
    }
  });
});
