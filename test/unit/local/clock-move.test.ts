import { clockMove } from '../../../infra/local/runtime';

describe('moving the local clock', () => {
  const now = Date.parse('2026-12-03T00:00:00Z');
  it.each([
    [{ advanceDays: 3 }, { advanceMs: 3 * 86_400_000 }],
    [{ advanceMs: 1500 }, { advanceMs: 1500 }],
    [{ set: '2027-01-01T00:00:00Z' }, { advanceMs: Date.parse('2027-01-01T00:00:00Z') - now }],
  ])('accepts %j', (body, expected) => {
    expect(clockMove(body, now)).toEqual(expected);
  });
  it.each([[{ advanceDays: 1e9 }], [{ advanceMs: -1e20 }], [{ advanceDays: -5 }], [{ advanceDays: 0 }], [{ set: '2020-01-01T00:00:00Z' }], [{ set: 'soon' }], [{ advanceDays: '3' }], [null], [[]]])(
    'refuses %j with a message that says what to send',
    (body) => {
      const move = clockMove(body, now);
      expect('problem' in move && move.problem).toMatch(/forward only|only moves forward|more than 3650 days/);
    },
  );
});
