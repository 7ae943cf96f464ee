import { uzLatinToCyrillic } from '@hamkor/domain';
import type { Random } from './random.ts';

/**
 * Common Uzbek names, each as [official Uzbek Latin, usual Russian spelling]; the Uzbek Cyrillic is
 * derived with the domain's converter. Lists are ordered roughly from most to least common: the
 * generator draws from them with Zipf-like weights. Spelling facts: /work/shared/data/uzbek-scripts.md.
 */
type Spelt = readonly [latin: string, russian: string];

export const MALE_NAMES: readonly Spelt[] = [
  ['Jasur', 'Джасур'],
  ['Sardor', 'Сардор'],
  ['Rustam', 'Рустам'],
  ['Bobur', 'Бабур'],
  ['Jamshid', 'Джамшид'],
  ['Aziz', 'Азиз'],
  ['Otabek', 'Отабек'],
  ['Sherzod', 'Шерзод'],
  ['Ulugʻbek', 'Улугбек'],
  ['Doniyor', 'Даниёр'],
  ['Akmal', 'Акмал'],
  ['Alisher', 'Алишер'],
  ['Anvar', 'Анвар'],
  ['Bahodir', 'Баходир'],
  ['Dilshod', 'Дильшод'],
  ['Farhod', 'Фарход'],
  ['Hasan', 'Хасан'],
  ['Husan', 'Хусан'],
  ['Ibrohim', 'Ибрагим'],
  ['Ilhom', 'Ильхом'],
  ['Islom', 'Ислам'],
  ['Jahongir', 'Джахонгир'],
  ['Komil', 'Камил'],
  ['Laziz', 'Лазиз'],
  ['Mansur', 'Мансур'],
  ['Murod', 'Мурад'],
  ['Nodir', 'Надир'],
  ['Nurmuhammad', 'Нурмухаммад'],
  ['Odil', 'Адил'],
  ['Oybek', 'Ойбек'],
  ['Oʻtkir', 'Уткир'],
  ['Rasul', 'Расул'],
  ['Sanjar', 'Санджар'],
  ['Sarvar', 'Сарвар'],
  ['Shuhrat', 'Шухрат'],
  ['Sobir', 'Сабир'],
  ['Temur', 'Тимур'],
  ['Tohir', 'Тахир'],
  ['Umid', 'Умид'],
  ['Xurshid', 'Хуршид'],
  ['Yusuf', 'Юсуф'],
  ['Zafar', 'Зафар'],
  ['Abdulla', 'Абдулла'],
  ['Abdurahmon', 'Абдурахман'],
  ['Baxtiyor', 'Бахтиёр'],
  ['Behruz', 'Бехруз'],
  ['Davron', 'Даврон'],
  ['Eldor', 'Эльдор'],
  ['Ismoil', 'Исмаил'],
  ['Shohruh', 'Шохрух'],
  ['Azamat', 'Азамат'],
  ['Asilbek', 'Асильбек'],
  ['Samandar', 'Самандар'],
  ['Gʻayrat', 'Гайрат'],
  ['Farrux', 'Фаррух'],
  ['Elyor', 'Элёр'],
  ['Javlon', 'Джавлон'],
  ['Botir', 'Батыр'],
  ['Mirzo', 'Мирзо'],
  ['Neʼmat', 'Немат'],
  ['Abdugʻaffor', 'Абдугаффар'],
  ['Xayrullo', 'Хайрулла'],
  ['Boymurod', 'Баймурад'],
  ['Maʼruf', 'Маруф'],
];

export const FEMALE_NAMES: readonly Spelt[] = [
  ['Dilnoza', 'Дильноза'],
  ['Gulnora', 'Гульнара'],
  ['Nigora', 'Нигора'],
  ['Madina', 'Мадина'],
  ['Malika', 'Малика'],
  ['Shahnoza', 'Шахноза'],
  ['Nodira', 'Нодира'],
  ['Zulfiya', 'Зульфия'],
  ['Feruza', 'Феруза'],
  ['Mohira', 'Мохира'],
  ['Sevara', 'Севара'],
  ['Dilfuza', 'Дильфуза'],
  ['Gulshan', 'Гульшан'],
  ['Munisa', 'Муниса'],
  ['Kamola', 'Камола'],
  ['Nilufar', 'Нилуфар'],
  ['Mahliyo', 'Махлиё'],
  ['Oʻgʻiloy', 'Угилой'],
  ['Ozoda', 'Азада'],
  ['Xurshida', 'Хуршида'],
  ['Muhabbat', 'Мухаббат'],
  ['Barno', 'Барно'],
  ['Yulduz', 'Юлдуз'],
  ['Zarina', 'Зарина'],
  ['Sabina', 'Сабина'],
  ['Shoira', 'Шоира'],
  ['Dildora', 'Дилдора'],
  ['Lola', 'Лола'],
  ['Umida', 'Умида'],
  ['Sayyora', 'Сайёра'],
  ['Robiya', 'Робия'],
  ['Hilola', 'Хилола'],
  ['Iroda', 'Ирода'],
  ['Muqaddas', 'Мукаддас'],
  ['Nasiba', 'Насиба'],
  ['Rayhona', 'Райхона'],
  ['Sitora', 'Ситора'],
  ['Charos', 'Чарос'],
  ['Zilola', 'Зилола'],
  ['Mohinur', 'Мохинур'],
  ['Mehribon', 'Мехрибон'],
  ['Gulchehra', 'Гульчехра'],
  ['Nozima', 'Нозима'],
  ['Oysha', 'Ойша'],
  ['Xadicha', 'Хадича'],
  ['Fotima', 'Фатима'],
  ['Marjona', 'Марджона'],
  ['Soliha', 'Солиха'],
  ['Durdona', 'Дурдона'],
  ['Guli', 'Гули'],
];

/** Surnames in their masculine form; the feminine adds -a in every script. */
export const SURNAMES: readonly Spelt[] = [
  ['Karimov', 'Каримов'],
  ['Rahimov', 'Рахимов'],
  ['Aliyev', 'Алиев'],
  ['Yusupov', 'Юсупов'],
  ['Abdullayev', 'Абдуллаев'],
  ['Toshmatov', 'Ташматов'],
  ['Qurbonov', 'Курбанов'],
  ['Ismoilov', 'Исмаилов'],
  ['Tursunov', 'Турсунов'],
  ['Ergashev', 'Эргашев'],
  ['Yoʻldoshev', 'Юлдашев'],
  ['Hasanov', 'Хасанов'],
  ['Mirzayev', 'Мирзаев'],
  ['Saidov', 'Саидов'],
  ['Umarov', 'Умаров'],
  ['Usmonov', 'Усманов'],
  ['Valiyev', 'Валиев'],
  ['Eshmatov', 'Эшматов'],
  ['Xolmatov', 'Холматов'],
  ['Sobirov', 'Сабиров'],
  ['Husanov', 'Хусанов'],
  ['Qodirov', 'Кадыров'],
  ['Rasulov', 'Расулов'],
  ['Nazarov', 'Назаров'],
  ['Murodov', 'Мурадов'],
  ['Gʻulomov', 'Гулямов'],
  ['Shukurov', 'Шукуров'],
  ['Sultonov', 'Султанов'],
  ['Nurmatov', 'Нурматов'],
  ['Joʻrayev', 'Джураев'],
  ['Xoʻjayev', 'Ходжаев'],
  ['Oʻrinboyev', 'Уринбаев'],
  ['Choriyev', 'Чариев'],
  ['Boboyev', 'Бабаев'],
  ['Rajabov', 'Раджабов'],
  ['Safarov', 'Сафаров'],
  ['Sharipov', 'Шарипов'],
  ['Ahmedov', 'Ахмедов'],
  ['Mahmudov', 'Махмудов'],
  ['Tojiyev', 'Таджиев'],
  ['Islomov', 'Исламов'],
  ['Azimov', 'Азимов'],
  ['Hamroyev', 'Хамраев'],
  ['Normatov', 'Норматов'],
  ['Xudoyberdiyev', 'Худойбердиев'],
  ['Ochilov', 'Очилов'],
  ['Bozorov', 'Базаров'],
  ['Jalilov', 'Джалилов'],
  ['Kamolov', 'Камалов'],
  ['Latipov', 'Латипов'],
  ['Mamatov', 'Маматов'],
  ['Nosirov', 'Насиров'],
  ['Otaboyev', 'Атабаев'],
  ['Pardayev', 'Пардаев'],
  ['Sattorov', 'Сатторов'],
  ['Tillayev', 'Тиллаев'],
  ['Yoqubov', 'Якубов'],
  ['Zokirov', 'Закиров'],
  ['Abdurahmonov', 'Абдурахманов'],
  ['Ibrohimov', 'Ибрагимов'],
  ['Egamberdiyev', 'Эгамбердиев'],
  ['Fayzullayev', 'Файзуллаев'],
  ['Gʻaniyev', 'Ганиев'],
  ['Xoliqov', 'Халиков'],
  ['Ismatov', 'Исматов'],
  ['Jumayev', 'Джумаев'],
  ['Olimov', 'Алимов'],
  ['Poʻlatov', 'Пулатов'],
  ['Qosimov', 'Касымов'],
  ['Rustamov', 'Рустамов'],
  ['Toʻxtayev', 'Тухтаев'],
  ['Uzoqov', 'Узаков'],
  ['Sayfullayev', 'Сайфуллаев'],
  ['Begmatov', 'Бегматов'],
  ['Neʼmatov', 'Нематов'],
];

/** How a record was written: the office that wrote it decides the script. */
export type Script = 'latin' | 'cyrillic' | 'russian';
export type Sex = 'female' | 'male';

export type Name = { latin: string; cyrillic: string; russian: string };

const named = ([latin, russian]: Spelt): Name => ({ latin, cyrillic: uzLatinToCyrillic(latin), russian });
const feminine = (name: Name): Name => ({ latin: `${name.latin}a`, cyrillic: `${name.cyrillic}а`, russian: `${name.russian}а` });

export const maleNames = MALE_NAMES.map(named);
export const femaleNames = FEMALE_NAMES.map(named);

/**
 * Most Uzbek surnames are a forefather's given name with -ov or -yev (Rustamov, Abdullayev); the list
 * above is followed by those formed from every male name of the list, for a longer tail of rarer ones.
 */
function surnameFromName([latin, russian]: Spelt): Spelt {
  if (/[aeiou]$/.test(latin)) return [`${latin}yev`, `${russian}ев`];
  return [`${latin}ov`, `${russian}ов`];
}
const listed = new Set(SURNAMES.map(([latin]) => latin));
export const surnames = [...SURNAMES, ...MALE_NAMES.map(surnameFromName).filter(([latin]) => !listed.has(latin))].map(named);

export function surnameFor(surname: Name, sex: Sex): Name {
  return sex === 'female' ? feminine(surname) : surname;
}

/** Apostrophes as people type them: the official ʻ and ʼ, the ASCII one, a backtick, or none at all. */
function typedApostrophes(latin: string, random: Random): string {
  if (!/[ʻʼ]/.test(latin)) return latin;
  const form = random.weighted([
    ['official', 45],
    ["'", 40],
    ['`', 5],
    ['', 10],
  ] as const);
  return form === 'official' ? latin : latin.replace(/[ʻʼ]/g, form);
}

/** A name as written in a record of the given script. */
export function spell(name: Name, script: Script, random: Random): string {
  if (script === 'cyrillic') return name.cyrillic;
  if (script === 'russian') return name.russian;
  return typedApostrophes(name.latin, random);
}

/**
 * The patronymic from the father's given name: "Karim oʻgʻli" / "Karim qizi" in Uzbek (Latin or
 * Cyrillic), "Каримович" / "Каримовна" in Russian documents where the name ends in a consonant.
 */
export function patronymic(father: Name, sex: Sex, script: Script, random: Random): string {
  if (script === 'russian') {
    if (/[бвгджзклмнпрстфхцчшщ]$/.test(father.russian)) return `${father.russian}${sex === 'male' ? 'ович' : 'овна'}`;
    return `${father.russian} ${sex === 'male' ? 'угли' : 'кизи'}`;
  }
  if (script === 'cyrillic') return `${father.cyrillic} ${sex === 'male' ? 'ўғли' : 'қизи'}`;
  return `${typedApostrophes(father.latin, random)} ${sex === 'male' ? typedApostrophes('oʻgʻli', random) : 'qizi'}`;
}

const ENGLISH: Readonly<Record<string, string>> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'yo',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};

/** The passport spelling of a Russian-spelt name: Джураев → Djuraev, Хасанов → Khasanov. */
export function passportSpelling(russian: string): string {
  const latin = [...russian.toLowerCase().replace(/дж/g, 'dj')].map((ch) => ENGLISH[ch] ?? ch).join('');
  return latin.charAt(0).toUpperCase() + latin.slice(1);
}

/** Every way a name of the lists is written, keyed by each spelling: how search queries are typed. */
export function spellingsOf(name: Name): string[] {
  const latin = name.latin;
  return [
    ...new Set([
      latin,
      latin.replace(/[ʻʼ]/g, "'"),
      latin.replace(/[ʻʼ]/g, ''),
      name.cyrillic,
      name.russian,
      passportSpelling(name.russian),
    ]),
  ];
}
