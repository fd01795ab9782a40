import { validateContractInput } from '../../../shared/domain/contract';
import { cifShanghaiRotterdamLc } from '../../fixtures/contracts';

describe('names and notes are safe to put in e-mails and logs', () => {
  it.each([
    ['a NUL byte', 'Van\u0000der Meer'],
    ['an escape sequence', '\u001b[31mRed B.V.'],
    ['a line break with a header', 'Van der Meer\r\nBcc: x@evil.example'],
    ['a right-to-left override', 'Van der Meer \u202eV.B'],
  ])('refuses a buyer name with %s, naming the field', (_name, legalName) => {
    const input = cifShanghaiRotterdamLc();
    input.buyer.legalName = legalName;
    const result = validateContractInput(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues).toEqual([expect.objectContaining({ path: 'buyer.legalName', rule: 'field.format' })]);
  });

  it('treats a name of zero-width characters as blank', () => {
    const input = cifShanghaiRotterdamLc();
    input.buyer.legalName = '\u200b\u200b';
    const result = validateContractInput(input);
    expect(!result.ok && result.issues[0]).toMatchObject({ path: 'buyer.legalName', rule: 'field.required' });
  });

  it('accepts real names in any script', () => {
    const input = cifShanghaiRotterdamLc();
    input.buyer.legalName = 'Wielkopolskie Zakłady Mechaniczne Sp. z o.o. — 王丽 — شركة';
    expect(validateContractInput(input).ok).toBe(true);
  });

  it('refuses e-mail addresses longer than RFC 5321 allows', () => {
    const input = cifShanghaiRotterdamLc();
    input.contacts[0]!.email = `${'a'.repeat(65)}@example.com`;
    const result = validateContractInput(input);
    expect(!result.ok && result.issues[0]).toMatchObject({ path: 'contacts[0].email', rule: 'contact.email' });
  });
});
