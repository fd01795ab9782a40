import { makeInMemoryContractStore } from '../../../shared/adapters/in-memory-contract-store';
import { fixedClock } from '../../../shared/domain/clock';
import { aRecord, describeContractStore } from '../../integration/adapters/contract-store.contract';

describeContractStore('in memory', () => {
  const clock = fixedClock('2026-03-01T08:00:00Z');
  return { clock, store: makeInMemoryContractStore({ clock }) };
});

describe('in-memory contract store: dump', () => {
  it('shows what it holds, for debugging a use-case test', async () => {
    // Prepare
    const store = makeInMemoryContractStore({ clock: fixedClock('2026-03-01T08:00:00Z') });
    const record = aRecord({ contractNumber: 'SJT-2026-0412' });
    // Act
    await store.create(record);
    await store.claimOnce('MAIL#x', 1);
    // Assess
    expect(store.dump()).toMatchObject({
      contracts: [record],
      contractNumbers: { 'SJT-2026-0412': record.contract.id },
      claims: { 'MAIL#x': '2026-03-02T08:00:00.000Z' },
    });
  });
});
