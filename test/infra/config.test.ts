import { readTradeflowConfig, senderDomain } from '../../infra/config';

const fromContext = (context: Record<string, unknown>) => readTradeflowConfig((key) => context[key]);

describe('deploy configuration', () => {
  it('reads partner accounts from a comma list (-c) or a JSON array (cdk.json)', () => {
    expect(fromContext({ partnerAccountIds: '111122223333, 444455556666' }).partnerAccountIds).toEqual(['111122223333', '444455556666']);
    expect(fromContext({ 'tradeflow:partnerAccountIds': ['111122223333'] }).partnerAccountIds).toEqual(['111122223333']);
  });

  it('refuses a malformed account id or sender, naming the key', () => {
    expect(() => fromContext({ partnerAccountIds: '12345' })).toThrow(/partnerAccountIds.*12 digits/);
    expect(() => fromContext({ senderAddress: 'not-an-address' })).toThrow(/senderAddress/);
  });

  it('bundles by default and derives the SES identity from the sender', () => {
    const config = fromContext({ senderAddress: 'Contracts@Hanseatic-Traders.example' });
    expect(config.functionCode).toBe('bundle');
    expect(senderDomain(config)).toBe('hanseatic-traders.example');
  });
});
