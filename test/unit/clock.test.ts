import { fixedClock } from '../../shared/domain/clock';

describe('fixedClock', () => {
  it('advances only when told to', () => {
    const clock = fixedClock('2026-12-03T00:00:00Z');
    expect(new Date(clock.now()).toISOString()).toBe('2026-12-03T00:00:00.000Z');
    clock.advance(86_400_000);
    expect(new Date(clock.now()).toISOString()).toBe('2026-12-04T00:00:00.000Z');
  });
  it('rejects a string that is not an instant', () => {
    expect(() => fixedClock('next tuesday')).toThrow(/not an ISO instant/);
  });
});
