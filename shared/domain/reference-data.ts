/**
 * Reference facts a trade clerk checks every contract against: countries, currencies and their minor
 * units, UN/LOCODE places, HS codes, UN/ECE Rec 20 units, supported languages and IANA time zones.
 *
 * Facts that a maintained library publishes come from that library (countries: i18n-iso-countries,
 * currencies: currency-codes, time zones: luxon + the runtime's ICU, language tags: Intl). Facts no
 * library publishes in usable form are written here by hand with their source; docs/reference-data.md
 * lists which is which and is generated from this module.
 */
// The library core (codes and lookups) without its 80 locale files; only the English names are registered.
import countries from 'i18n-iso-countries/index.js';
import englishCountryNames from 'i18n-iso-countries/langs/en.json';
import currencyCodes from 'currency-codes';
import { IANAZone } from 'luxon';

countries.registerLocale(englishCountryNames);

// ---------------------------------------------------------------------------------------------------
// Countries — ISO 3166-1 alpha-2, from i18n-iso-countries.

const COUNTRY_CODE_SHAPE = /^[A-Z]{2}$/;

/**
 * Whether `code` is an assigned ISO 3166-1 alpha-2 country code (upper case, as printed on documents).
 *
 * Why: the library also accepts lower case, alpha-3 and numeric codes; contracts, B/Ls and L/Cs use
 * alpha-2 only, so the shape is checked before asking the library.
 *
 * @example isCountryCode('CN') // true
 * @example isCountryCode('XX') // false — not assigned
 */
export function isCountryCode(code: string): boolean {
  return COUNTRY_CODE_SHAPE.test(code) && countries.isValid(code);
}

/**
 * English short name of a country, for messages a clerk reads.
 *
 * @example countryName('NL') // 'Netherlands'
 */
export function countryName(code: string): string | undefined {
  return isCountryCode(code) ? countries.getName(code, 'en', { select: 'official' }) : undefined;
}

/** Every English name the library knows for a country (official and aliases), for matching free text. */
export function countryNames(code: string): string[] {
  if (!isCountryCode(code)) return [];
  const names = countries.getName(code, 'en', { select: 'all' });
  return Array.isArray(names) ? names : [];
}

// ---------------------------------------------------------------------------------------------------
// Currencies — ISO 4217, from currency-codes (data published by the ISO 4217 maintenance agency).

/**
 * ISO 4217 codes that are not money a sales contract can be settled in: precious metals, bond-market
 * and accounting units, the SDR, testing and "no currency" codes, and fund codes. Hand-written from the
 * ISO 4217 list one (the "funds" column and the X-codes without a country).
 */
export const NON_SETTLEMENT_CURRENCIES: readonly string[] = [
  'XAG', 'XAU', 'XPD', 'XPT', // precious metals
  'XBA', 'XBB', 'XBC', 'XBD', 'XDR', 'XSU', 'XUA', // bond-market units, SDR, SUCRE, AfDB unit of account
  'XTS', 'XXX', // testing, no currency
  'BOV', 'CHE', 'CHW', 'CLF', 'COU', 'MXV', 'USN', 'UYI', 'UYW', // fund codes
];

const CURRENCY_CODE_SHAPE = /^[A-Z]{3}$/;

/**
 * Whether `code` is an active ISO 4217 currency a contract can be priced in.
 *
 * @example isCurrencyCode('USD') // true
 * @example isCurrencyCode('XAU') // false — gold is not a settlement currency
 */
export function isCurrencyCode(code: string): boolean {
  return (
    CURRENCY_CODE_SHAPE.test(code) && !NON_SETTLEMENT_CURRENCIES.includes(code) && currencyCodes.code(code) !== undefined
  );
}

/**
 * Number of decimal places (ISO 4217 "minor units") an amount in this currency may carry.
 *
 * Why: amounts are rounded to, and validated against, the currency's own scale — JPY has none,
 * KWD has three — never a fixed two decimals.
 *
 * @example minorUnitsOf('JPY') // 0
 * @example minorUnitsOf('KWD') // 3
 */
export function minorUnitsOf(code: string): number | undefined {
  return isCurrencyCode(code) ? currencyCodes.code(code)?.digits : undefined;
}

/** Version (publish date) of the ISO 4217 list bundled with currency-codes. */
export const ISO_4217_PUBLISH_DATE: string = currencyCodes.publishDate;

// ---------------------------------------------------------------------------------------------------
// UN/LOCODE — format from UN/CEFACT Recommendation 16; country part checked against ISO 3166.

/** UN/CEFACT Rec 16: two-letter ISO country code + three characters from A–Z and 2–9. */
export const UN_LOCODE_PATTERN = /^[A-Z]{2}[A-Z2-9]{3}$/;

/**
 * Whether `code` is a well-formed UN/LOCODE whose country part is an assigned ISO 3166 country.
 *
 * Why: ports of loading/discharge are exchanged with carriers and banks by code; a typo such as
 * `CNSH4` or `ZZSHA` must be caught before the booking is made. The full UN/LOCODE directory
 * (100 000+ entries) is not bundled: the format and the country are checked, not existence.
 *
 * @example isUnLocode('CNSHA') // true
 * @example isUnLocode('XXSHA') // false — XX is not a country
 */
export function isUnLocode(code: string): boolean {
  return UN_LOCODE_PATTERN.test(code) && isCountryCode(code.slice(0, 2));
}

/** The country part of a UN/LOCODE. @example countryOfUnLocode('NLRTM') // 'NL' */
export function countryOfUnLocode(code: string): string {
  return code.slice(0, 2);
}

/**
 * A hand-kept gazetteer of major ports and inland places used in our fixtures and trade lanes, with
 * the names clerks write in "FOB Shanghai" or "CIF Rotterdam". Source: UNECE UN/LOCODE directory
 * (https://unece.org/trade/cefact/unlocode-code-list-country-and-territory). A place missing here is not
 * an error: named-place checks fall back to matching the code itself.
 */
export const KNOWN_PLACES: Readonly<Record<string, readonly string[]>> = {
  AEJEA: ['Jebel Ali'],
  BEANR: ['Antwerp', 'Antwerpen', 'Anvers'],
  CNNGB: ['Ningbo'],
  CNSHA: ['Shanghai'],
  CNSZX: ['Shenzhen'],
  CNTAO: ['Qingdao'],
  CNTXG: ['Tianjin Xingang', 'Xingang', 'Tianjin'],
  CNYTN: ['Yantian'],
  DEBRV: ['Bremerhaven'],
  DEHAM: ['Hamburg'],
  ESVLC: ['Valencia'],
  GBFXT: ['Felixstowe'],
  HKHKG: ['Hong Kong'],
  INNSA: ['Nhava Sheva', 'Jawaharlal Nehru'],
  JPOSA: ['Osaka'],
  JPTYO: ['Tokyo'],
  JPUKB: ['Kobe'],
  JPYOK: ['Yokohama'],
  KRPUS: ['Busan', 'Pusan'],
  NLRTM: ['Rotterdam'],
  PLGDN: ['Gdansk', 'Gdańsk'],
  PLPOZ: ['Poznan', 'Poznań'],
  SGSIN: ['Singapore'],
  THLCH: ['Laem Chabang'],
  USLAX: ['Los Angeles'],
  USLGB: ['Long Beach'],
  USNYC: ['New York'],
  USSAV: ['Savannah'],
  VNSGN: ['Ho Chi Minh City', 'Ho Chi Minh', 'Saigon'],
};

// ---------------------------------------------------------------------------------------------------
// HS codes — WCO Harmonized System.

/** HS editions a contract line may be classified under (WCO amendment cycles; hand list). */
export const HS_EDITIONS = ['HS2012', 'HS2017', 'HS2022'] as const;
export type HsEdition = (typeof HS_EDITIONS)[number];

/** Why an HS code was refused, or `undefined` when it is acceptable. */
export type HsCodeProblem = 'format' | 'chapter';

/**
 * Checks a commodity code: 6 digits (the international HS subheading) up to 10 (national tariff lines),
 * digits only, in chapters 01–97. Chapter 77 is reserved by the WCO for future use and has no codes.
 *
 * @example hsCodeProblem('851762') // undefined
 * @example hsCodeProblem('770100') // 'chapter'
 * @example hsCodeProblem('8517.62') // 'format'
 */
export function hsCodeProblem(code: string): HsCodeProblem | undefined {
  if (!/^\d{6,10}$/.test(code)) return 'format';
  const chapter = Number(code.slice(0, 2));
  if (chapter < 1 || chapter > 97 || chapter === 77) return 'chapter';
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// Units of measure — UN/ECE Recommendation 20 common codes (hand list).

/**
 * Units of measure accepted on contract lines: UN/ECE Recommendation 20 common codes (Annex I/II,
 * revision 17), the codes used in UBL, EDIFACT and e-invoices. Hand list of the units our trade lanes
 * use; extend it from the Rec 20 code list, never with invented codes. `CT` (carton) comes from older
 * Rec 20 revisions and now lives in Rec 21 as a package code (XCT in UBL); it is kept because pro-forma
 * invoices still use it.
 */
export const UNITS_OF_MEASURE: Readonly<Record<string, string>> = {
  C62: 'one (piece, unit)',
  H87: 'piece',
  NAR: 'number of articles',
  SET: 'set',
  PR: 'pair',
  DZN: 'dozen',
  CT: 'carton (older Rec 20 revisions; Rec 21 package code XCT)',
  GRM: 'gram',
  KGM: 'kilogram',
  TNE: 'tonne (metric ton)',
  LBR: 'pound',
  MMT: 'millimetre',
  CMT: 'centimetre',
  MTR: 'metre',
  MTK: 'square metre',
  MTQ: 'cubic metre',
  MLT: 'millilitre',
  LTR: 'litre',
  HLT: 'hectolitre',
  KWH: 'kilowatt hour',
};

/** @example isUnitOfMeasure('KGM') // true */
export function isUnitOfMeasure(code: string): boolean {
  return Object.hasOwn(UNITS_OF_MEASURE, code);
}

// ---------------------------------------------------------------------------------------------------
// Languages — BCP 47, canonicalised by Intl; supported list is ours (templates exist for these).

/** Languages we send customer e-mails and documents in. */
export const SUPPORTED_LANGUAGES = ['en', 'zh-CN'] as const;
export type SupportedLanguage = (typeof SUPPORTED_LANGUAGES)[number];

/**
 * The supported language a BCP 47 tag resolves to, or `undefined`. The tag is canonicalised first
 * (`zh-cn` → `zh-CN`); a regional English (`en-GB`) falls back to `en`. Chinese must name its region
 * because the written forms differ.
 *
 * @example supportedLanguageFor('EN-us') // 'en'
 * @example supportedLanguageFor('zh-cn') // 'zh-CN'
 * @example supportedLanguageFor('de') // undefined
 */
export function supportedLanguageFor(tag: string): SupportedLanguage | undefined {
  const canonical = canonicalLanguageTag(tag);
  if (canonical === undefined) return undefined;
  const exact = SUPPORTED_LANGUAGES.find((l) => l === canonical);
  if (exact) return exact;
  const language = canonical.split('-')[0];
  return SUPPORTED_LANGUAGES.find((l) => l === language && !l.includes('-'));
}

/** The canonical form of a BCP 47 tag, or `undefined` when it is not a well-formed tag. */
export function canonicalLanguageTag(tag: string): string | undefined {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    return canonical;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------
// Time zones — IANA tz database names, checked by luxon against the runtime's ICU.

const ZONE_NAME_SHAPE = /^(?:UTC|[A-Za-z]+(?:[_-][A-Za-z]+)*(?:\/[A-Za-z0-9]+(?:[_+-][A-Za-z0-9]+)*)+)$/;

/**
 * Whether `zone` is an IANA time-zone name such as `Asia/Shanghai`. Fixed offsets (`+08:00`) are
 * refused: a contact's zone must follow daylight-saving changes.
 *
 * @example isIanaTimeZone('Europe/Amsterdam') // true
 * @example isIanaTimeZone('+08:00') // false
 */
export function isIanaTimeZone(zone: string): boolean {
  return ZONE_NAME_SHAPE.test(zone) && IANAZone.isValidZone(zone);
}
