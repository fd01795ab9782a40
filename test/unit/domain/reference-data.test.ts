import {
  canonicalLanguageTag,
  countryName,
  countryOfUnLocode,
  hsCodeProblem,
  isCountryCode,
  isCurrencyCode,
  isIanaTimeZone,
  isUnitOfMeasure,
  isUnLocode,
  minorUnitsOf,
  supportedLanguageFor,
} from '../../../shared/domain/reference-data';

describe('reference data', () => {
  it.each([['CN', true], ['NL', true], ['US', true], ['XX', false], ['cn', false], ['CHN', false], ['156', false], ['', false]])(
    'isCountryCode(%j) = %s',
    (code, expected) => expect(isCountryCode(code)).toBe(expected),
  );

  it('names countries for messages', () => {
    expect(countryName('NL')).toBe('Netherlands');
    expect(countryName('ZZ')).toBeUndefined();
  });

  it.each([['USD', 2], ['EUR', 2], ['JPY', 0], ['KWD', 3], ['CNY', 2], ['XOF', 0]])('minor units of %s = %i (ISO 4217)', (code, digits) =>
    expect(minorUnitsOf(code)).toBe(digits),
  );
  it.each([['XAU'], ['XXX'], ['XTS'], ['XDR'], ['CLF'], ['usd'], ['US'], ['ABC']])('%s is not a settlement currency', (code) => {
    expect(isCurrencyCode(code)).toBe(false);
    expect(minorUnitsOf(code)).toBeUndefined();
  });

  it.each([['CNSHA', true], ['NLRTM', true], ['DEHAM', true], ['USLAX', true], ['GBLO2', true], ['CNSH1', false], ['CNSH0', false], ['XXSHA', false], ['cnsha', false], ['CNSHAI', false], ['CN SHA', false]])(
    'isUnLocode(%j) = %s',
    (code, expected) => expect(isUnLocode(code)).toBe(expected),
  );
  it('reads the country of a UN/LOCODE', () => expect(countryOfUnLocode('NLRTM')).toBe('NL'));

  it.each([
    ['851762', undefined],
    ['940360', undefined],
    ['7323930000', undefined],
    ['010121', undefined],
    ['970110', undefined],
    ['770100', 'chapter'],
    ['000100', 'chapter'],
    ['980100', 'chapter'],
    ['8517.62', 'format'],
    ['85176', 'format'],
    ['85176200001', 'format'],
    ['85176A', 'format'],
  ])('hsCodeProblem(%s) = %s', (code, problem) => expect(hsCodeProblem(code)).toBe(problem));

  it.each([['KGM', true], ['TNE', true], ['MTR', true], ['MTK', true], ['MTQ', true], ['LTR', true], ['C62', true], ['SET', true], ['PR', true], ['DZN', true], ['CT', true], ['PCS', false], ['kgm', false], ['toString', false]])(
    'isUnitOfMeasure(%s) = %s',
    (code, expected) => expect(isUnitOfMeasure(code)).toBe(expected),
  );

  it.each([['en', 'en'], ['EN-us', 'en'], ['en-GB', 'en'], ['zh-CN', 'zh-CN'], ['zh-cn', 'zh-CN'], ['zh', undefined], ['zh-TW', undefined], ['de', undefined], ['not a tag', undefined], ['', undefined]])(
    'supportedLanguageFor(%j) = %s',
    (tag, expected) => expect(supportedLanguageFor(tag)).toBe(expected),
  );
  it('canonicalises BCP 47 tags', () => {
    expect(canonicalLanguageTag('ZH-hans-cn')).toBe('zh-Hans-CN');
    expect(canonicalLanguageTag('x y')).toBeUndefined();
  });

  it.each([['Asia/Shanghai', true], ['Europe/Amsterdam', true], ['America/Argentina/Buenos_Aires', true], ['America/Port-au-Prince', true], ['UTC', true], ['+08:00', false], ['UTC+8', false], ['Mars/Olympus_Mons', false], ['', false]])(
    'isIanaTimeZone(%j) = %s',
    (zone, expected) => expect(isIanaTimeZone(zone)).toBe(expected),
  );
});
