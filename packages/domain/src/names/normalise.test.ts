import { describe, expect, it } from 'vitest';
import { foldForSearch, nameKey, nameTokens, vowelDetailKey } from './normalise.ts';
import { randomLatinName, retypeApostrophes, seededRandom, shuffleCase, toCyrillic, toEnglish, toRussian } from './test-helpers.ts';

/** Each row: spellings of one name found in Uzbek Latin, Uzbek Cyrillic, Russian and passports. */
const SAME_NAME: ReadonlyArray<readonly string[]> = [
  // The groups from the brief.
  ['Qurbonov', 'Қурбонов', 'Курбанов', 'Kurbanov'],
  ['Xoʻjayev', "Xo'jayev", 'Xojayev', 'Хўжаев', 'Ходжаев', 'Khodjaev', 'Khojaev'],
  ['Gʻulomov', "G'ulomov", 'Ғуломов', 'Гулямов', 'Gulyamov', 'Gulomov'],
  ['Nurmuhammad', 'Нурмуҳаммад', 'Нурмухаммад', 'Nurmukhammad'],
  ['Oʻrinboyev', 'Orinboyev', 'Уринбаев', 'Urinbaev', 'Urinboyev'],
  ['Hasanov', 'Хасанов', 'Ҳасанов', 'Khasanov', 'Xasanov'],
  ['Qodirov', 'Қодиров', 'Кадыров', 'Kadyrov'],
  ["Jo'rayev", 'Жўраев', 'Джураев', 'Juraev', 'Djuraev'],
  ['Zulfiya', 'Зульфия', 'Зулфия'],
  ['Ilhom', 'Ильхом', 'Илҳом'],
  ['Doniyor', 'Даниёр', 'Дониёр'],
  ['Choriyev', 'Чориев', 'Чариев', 'Chariev'],
  ['Shahnoza', 'Шаҳноза', 'Шахноза'],
  ['Yusupov', 'Юсупов', 'Iusupov'],
  ['Yusupova', 'Юсупова', 'Iusupova'],
  ['Eshmatov', 'Эшматов', 'Ешматов'],
  ['Yoqubov', 'Ёқубов', 'Якубов', 'Yakubov'],
  // More surnames.
  ['Abdullayev', 'Абдуллаев', 'Abdullaev', 'Abdulaev'],
  ['Toshmatov', 'Тошматов', 'Ташматов', 'Tashmatov'],
  ['Raximov', 'Раҳимов', 'Рахимов', 'Rakhimov', 'Rahimov'],
  ['Mirzayev', 'Мирзаев', 'Mirzaev', 'Mirzoyev'],
  ['Saidova', 'Саидова', 'Sayidova', 'SAIDOVA'],
  ['Gʻaniyev', "G'aniyev", 'Ғаниев', 'Ганиев', 'Ganiev'],
  ['Shukurov', 'Шукуров', 'Shukurov', 'SHUKUROV'],
  ['Yoʻldoshev', 'Йўлдошев', 'Юлдашев', 'Yuldashev', 'Yuldoshev'],
  ['Ergashev', 'Эргашев', 'Ергашев', 'Yergashev'],
  ['Xolmatov', 'Холматов', 'Халматов', 'Kholmatov', 'Halmatov'],
  ['Ismoilov', 'Исмоилов', 'Исмаилов', 'Ismailov'],
  ['Sayfullayev', 'Сайфуллаев', 'Saifullaev', 'Сайфулаев'],
  // Given names.
  ['Nigora', 'Нигора', 'Нигара', 'Nigara'],
  ['Dilnoza', 'Дильноза', 'Дилноза', 'Dilnaza'],
  ['Oʻgʻiloy', "O'g'iloy", 'Ўғилой', 'Угилой', 'Ugiloy'],
  ['Bobur', 'Бобур', 'Бабур', 'Babur'],
  ['Sardor', 'Сардор', 'Сардар', 'Sardar'],
  ['Muhabbat', 'Муҳаббат', 'Мухаббат', 'Mukhabbat'],
  ['Xurshida', 'Хуршида', 'Khurshida', 'Hurshida'],
  ['Jamshid', 'Жамшид', 'Джамшид', 'Dzhamshid', 'Jamshed'],
  ['Ulugʻbek', 'Улуғбек', 'Улугбек', 'Ulugbek', 'Ulughbek'],
  ['Sanjar', 'Санжар', 'Санджар', 'Sanzhar', 'Sandzhar'],
  ['Feruza', 'Феруза', 'Фируза', 'Firuza'],
  ['Temur', 'Темур', 'Тимур', 'Timur'],
  ['Neʼmat', "Ne'mat", 'Неъмат', 'Немат', 'Nemat'],
  ['Abdugʻaffor', 'Абдуғаффор', 'Абдугаффар', 'Abdugaffar'],
  ['Nilufar', 'Нилуфар', 'Нилюфар', 'Nilyufar'],
  ['Gulnora', 'Гулнора', 'Гульнара', 'Gulnara'],
  ['Mahliyo', 'Маҳлиё', 'Махлиё', 'Makhliyo'],
  ['Ahmadjon', 'Аҳмаджон', 'Ахмаджон', 'Akhmadzhon', 'Akhmadjon'],
  ['Ozoda', 'Озода', 'Азада', 'Azada'],
  ['Shuhrat', 'Шуҳрат', 'Шухрат', 'Shukhrat'],
  ['Oʻtkir', 'Ўткир', 'Уткир', 'Utkir', 'Otkir'],
  ['Baxtiyor', 'Бахтиёр', 'Бахтияр', 'Bakhtiyor', 'Bakhtiyar'],
  ['Xayrullo', 'Хайрулло', 'Хайрулла', 'Khairulla'],
  ['Boymurod', 'Боймурод', 'Баймурад', 'Baimurad'],
  ['Isʼhoq', 'Ishoq', 'Исҳоқ', 'Исхак', 'Iskhak'],
  ['Maʼruf', "Ma'ruf", 'Маъруф', 'Маруф', 'Maruf'],
  // Compound names however they are split.
  ['Nurmuhammad', 'Nur Muhammad', 'Nur-Muhammad', 'Нур-Мухаммад'],
  ['Abdurahmon', 'Abdu-Rahmon', 'Абдураҳмон', 'Абдурахман'],
  // Patronymics in Russian and Uzbek style.
  ['Karimovich', 'Karim oʻgʻli', 'Каримович', 'Karim ugli', 'Карим оглы'],
  ['Aliyevich', 'Alievich', 'Ali oʻgʻli', 'Али угли'],
  ['Rahmatullayevna', 'Rahmatulla qizi', 'Рахматуллаевна', 'Рахматулла кизи', 'Rakhmatulla kizi'],
];

/** Different names that a too-coarse key would merge. */
const DIFFERENT_NAMES: ReadonlyArray<readonly [string, string]> = [
  ['Karimov', 'Rahimov'],
  ['Aliyev', 'Valiyev'],
  ['Nodira', 'Nozima'],
  ['Rustam', 'Rasul'],
  ['Anvar', 'Anora'],
  ['Umarov', 'Usmonov'],
  ['Sardor', 'Sarvar'],
  ['Toshmatov', 'Eshmatov'],
  ['Zafar', 'Zarifa'],
  ['Komil', 'Kamola'],
  ['Sherzod', 'Shahzod'],
  ['Akmal', 'Akram'],
  ['Dilnoza', 'Dilfuza'],
  ['Jasur', 'Jamshid'],
  ['Otabek', 'Oybek'],
  // Gender endings are kept: a brother and a sister are different people.
  ['Sobirov', 'Sabirova'],
  ['Yusupov', 'Yusupova'],
  ['Dilshod', 'Dilshoda'],
];

describe('nameKey', () => {
  it.each(SAME_NAME.map((spellings) => [spellings[0], spellings] as const))(
    'gives every spelling of %s the same key',
    (_first, spellings) => {
      const keys = new Set(spellings.map(nameKey));
      expect([...keys]).toHaveLength(1);
    },
  );

  it.each(DIFFERENT_NAMES)('keeps %s and %s apart', (a, b) => {
    expect(nameKey(a)).not.toBe(nameKey(b));
  });

  it('spells keys readably for the common cases', () => {
    expect(nameKey('Qurbonov')).toBe('karbanav');
    expect(nameKey('Ходжаев')).toBe('hajaiv');
    expect(nameKey('Karim oʻgʻli')).toBe('karim');
  });

  it('merges Hasan and Husan; vowelDetailKey keeps them apart for the scorer', () => {
    expect(nameKey('Hasan')).toBe(nameKey('Husan'));
    expect(vowelDetailKey('Hasan')).not.toBe(vowelDetailKey('Husan'));
  });

  it('returns an empty key for text without letters', () => {
    expect(nameKey('')).toBe('');
    expect(nameKey(' - 42 ʻ ')).toBe('');
  });

  it('accepts decomposed Cyrillic (й and ў typed with a combining breve)', () => {
    expect(nameKey('Бои\u0306мурод')).toBe(nameKey('Боймурод'));
    expect(nameKey('У\u0306ткир')).toBe(nameKey('Ўткир'));
  });
});

describe('nameTokens', () => {
  it('drops oʻgʻli and qizi particles in any spelling', () => {
    expect(nameTokens('Rustam Karim oʻgʻli')).toEqual(['rastam', 'karim']);
    expect(nameTokens('Dilnoza Karim qizi')).toEqual(['dilnaza', 'karim']);
    expect(nameTokens('Рустам Карим ўғли')).toEqual(['rastam', 'karim']);
    expect(nameTokens('Dilnoza Karim kizi')).toEqual(['dilnaza', 'karim']);
    expect(nameTokens('Rustam Karim ogly')).toEqual(['rastam', 'karim']);
  });

  it('treats a particle at the start as a name, since nothing precedes it', () => {
    expect(nameTokens('Ugli')).toEqual(['agli']);
  });

  it('reduces a Russian-style patronymic to the father’s name', () => {
    expect(nameTokens('Karimova Dilnoza Karimovna')).toEqual(['karimava', 'dilnaza', 'karim']);
    expect(nameTokens('Каримов Рустам Каримович')).toEqual(nameTokens('Karimov Rustam Karim oʻgʻli'));
  });

  it('splits on hyphens, punctuation and any whitespace', () => {
    expect(nameTokens('Abdu-Rahmon')).toEqual(['abda', 'rahman']);
    expect(nameTokens(' Qurbonov,\tRustam.  ')).toEqual(['karbanav', 'rastam']);
  });
});

describe('foldForSearch', () => {
  it('joins word keys with single spaces', () => {
    expect(foldForSearch('  Қурбонов   Рустам  Каримович ')).toBe('karbanav rastam karim');
    expect(foldForSearch('Kurbanov Rustam Karim ugli')).toBe('karbanav rastam karim');
  });

  it('returns an empty string for text without letters', () => {
    expect(foldForSearch(' 123 - ')).toBe('');
  });
});

describe('nameKey properties (seeded)', () => {
  const RUNS = 500;
  const names = (seed: number): string[] => {
    const random = seededRandom(seed);
    return Array.from({ length: RUNS }, () => randomLatinName(random));
  };

  it('gives the official Cyrillic spelling the Latin key', () => {
    for (const latin of names(1)) {
      expect(nameKey(toCyrillic(latin)), `${latin} / ${toCyrillic(latin)}`).toBe(nameKey(latin));
    }
  });

  it('gives Russian and English-style spellings the Latin key', () => {
    const random = seededRandom(2);
    for (const latin of names(3)) {
      const russian = toRussian(toCyrillic(latin), random);
      const english = toEnglish(russian, random);
      expect(nameKey(russian), `${latin} / ${russian}`).toBe(nameKey(latin));
      expect(nameKey(english), `${latin} / ${english}`).toBe(nameKey(latin));
    }
  });

  it('ignores how apostrophes are typed, or whether they are typed at all', () => {
    const random = seededRandom(4);
    for (const latin of names(5)) {
      const retyped = retypeApostrophes(latin, random);
      expect(nameKey(retyped), `${latin} / ${retyped}`).toBe(nameKey(latin));
    }
  });

  it('ignores letter case in both scripts', () => {
    const random = seededRandom(6);
    for (const latin of names(7)) {
      expect(nameKey(shuffleCase(latin, random))).toBe(nameKey(latin));
      const cyrillic = toCyrillic(latin);
      expect(nameKey(shuffleCase(cyrillic, random))).toBe(nameKey(cyrillic));
    }
  });

  const JUNK_ALPHABET = [
    ...'abcdefghijklmnopqrstuvwxyz',
    ...'абвгдеёжзийклмнопрстуфхцчшщъыьэюяўқғҳ',
    ..."ʻʼ'’‘`´- ,.0123456789",
    ...'şçıöüñé',
    '\u0306',
    '\u0301',
  ];
  const junk = (random: () => number): string =>
    Array.from({ length: 1 + Math.floor(random() * 20) }, () => JUNK_ALPHABET[Math.floor(random() * JUNK_ALPHABET.length)] ?? '').join('');

  it('is idempotent and ASCII for names and for arbitrary text', () => {
    const random = seededRandom(8);
    const inputs = [...names(9), ...names(10).map(toCyrillic), ...Array.from({ length: RUNS }, () => junk(random)), ...SAME_NAME.flat()];
    for (const input of inputs) {
      const key = nameKey(input);
      expect(key, input).toMatch(/^[a-z]*$/);
      expect(nameKey(key), input).toBe(key);
      const folded = foldForSearch(input);
      expect(folded, input).toMatch(/^(?:[a-z]+(?: [a-z]+)*)?$/);
      expect(foldForSearch(folded), input).toBe(folded);
    }
  });
});
