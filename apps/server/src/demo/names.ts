/**
 * The demo directory's names in the other scripts the territory reference data has (Uzbek Cyrillic,
 * Russian, English), keyed by the Uzbek Latin name. No Karakalpak: as for territories, readers in
 * Karakalpak see the Uzbek Latin name.
 */
type Names = { uz_cyrl: string; ru: string; en: string };

const NAMES: Record<string, Names> = {
  // Organisations
  'Ijtimoiy himoya milliy agentligi': {
    uz_cyrl: 'Ижтимоий ҳимоя миллий агентлиги',
    ru: 'Национальное агентство социальной защиты',
    en: 'National Agency for Social Protection',
  },
  'Shoʻrchi tumani «Inson» ijtimoiy xizmatlar markazi': {
    uz_cyrl: 'Шўрчи тумани «Инсон» ижтимоий хизматлар маркази',
    ru: 'Центр социальных услуг «Инсон» Шурчинского района',
    en: 'Inson Social Services Centre, Sho’rchi District',
  },
  'Denov tumani «Inson» ijtimoiy xizmatlar markazi': {
    uz_cyrl: 'Денов тумани «Инсон» ижтимоий хизматлар маркази',
    ru: 'Центр социальных услуг «Инсон» Денауского района',
    en: 'Inson Social Services Centre, Denov District',
  },
  '«Navbahor» mahalla fuqarolar yigʻini': {
    uz_cyrl: '«Навбаҳор» маҳалла фуқаролар йиғини',
    ru: 'Сход граждан махалли «Навбахор»',
    en: 'Navbahor Mahalla Citizens’ Assembly',
  },
  '«Oila va bola» nodavlat notijorat tashkiloti': {
    uz_cyrl: '«Оила ва бола» нодавлат нотижорат ташкилоти',
    ru: 'Негосударственная некоммерческая организация «Семья и ребёнок»',
    en: 'Family and Child, a non-governmental organisation',
  },
  'Shoʻrchi tumani 12-umumiy oʻrta taʼlim maktabi': {
    uz_cyrl: 'Шўрчи тумани 12-умумий ўрта таълим мактаби',
    ru: 'Общеобразовательная школа № 12 Шурчинского района',
    en: 'School No. 12, Sho’rchi District',
  },
  'Shoʻrchi tumani FHDYo boʻlimi': {
    uz_cyrl: 'Шўрчи тумани ФҲДЁ бўлими',
    ru: 'Отдел ЗАГС Шурчинского района',
    en: 'Civil Registry Office, Sho’rchi District',
  },
  'Shoʻrchi tumani bandlikka koʻmaklashish markazi': {
    uz_cyrl: 'Шўрчи тумани бандликка кўмаклашиш маркази',
    ru: 'Центр содействия занятости Шурчинского района',
    en: 'Employment Assistance Centre, Sho’rchi District',
  },
  'Shoʻrchi tumani 2-oilaviy poliklinikasi': {
    uz_cyrl: 'Шўрчи тумани 2-оилавий поликлиникаси',
    ru: 'Семейная поликлиника № 2 Шурчинского района',
    en: 'Family Polyclinic No. 2, Sho’rchi District',
  },
  'Denov tumani FHDYo boʻlimi': {
    uz_cyrl: 'Денов тумани ФҲДЁ бўлими',
    ru: 'Отдел ЗАГС Денауского района',
    en: 'Civil Registry Office, Denov District',
  },
  'Denov tumani «Ishga marhamat» monomarkazi': {
    uz_cyrl: 'Денов тумани «Ишга марҳамат» мономаркази',
    ru: 'Мономарказ «Ишга марҳамат» Денауского района',
    en: 'Ishga Marhamat Vocational Centre, Denov District',
  },
  '«Huquqiy koʻmak» yuridik klinikasi': {
    uz_cyrl: '«Ҳуқуқий кўмак» юридик клиникаси',
    ru: 'Юридическая клиника «Правовая помощь»',
    en: 'Legal Help Law Clinic',
  },
  'Shoʻrchi tumani IIB profilaktika boʻlimi': {
    uz_cyrl: 'Шўрчи тумани ИИБ профилактика бўлими',
    ru: 'Отдел профилактики ОВД Шурчинского района',
    en: 'Crime Prevention Unit, Sho’rchi District Police',
  },
  'Shoʻrchi tumani hokimligi': {
    uz_cyrl: 'Шўрчи тумани ҳокимлиги',
    ru: 'Хокимият Шурчинского района',
    en: 'Sho’rchi District Khokimiyat',
  },
  // Services
  'Tugʻilganlik guvohnomasini berish va tiklash': {
    uz_cyrl: 'Туғилганлик гувоҳномасини бериш ва тиклаш',
    ru: 'Выдача и восстановление свидетельства о рождении',
    en: 'Issuing and restoring birth certificates',
  },
  'Nikoh, ajrim va otalikni belgilash yozuvlari': {
    uz_cyrl: 'Никоҳ, ажрим ва оталикни белгилаш ёзувлари',
    ru: 'Записи о браке, разводе и установлении отцовства',
    en: 'Records of marriage, divorce and paternity',
  },
  'Ishga joylashtirish va ishsizlik nafaqasi': {
    uz_cyrl: 'Ишга жойлаштириш ва ишсизлик нафақаси',
    ru: 'Трудоустройство и пособие по безработице',
    en: 'Job placement and unemployment benefit',
  },
  'Kasb-hunarga oʻqitish (tikuvchilik, pazandachilik, elektr montaj)': {
    uz_cyrl: 'Касб-ҳунарга ўқитиш (тикувчилик, пазандачилик, электр монтаж)',
    ru: 'Профессиональное обучение (швейное дело, кулинария, электромонтаж)',
    en: 'Vocational training (sewing, cooking, electrical installation)',
  },
  'Oilaviy shifokor koʻrigi va bolalarni emlash': {
    uz_cyrl: 'Оилавий шифокор кўриги ва болаларни эмлаш',
    ru: 'Осмотр семейного врача и вакцинация детей',
    en: 'Family doctor check-up and children’s vaccinations',
  },
  'Tibbiy-ijtimoiy ekspertizaga yoʻllanma (nogironlik)': {
    uz_cyrl: 'Тиббий-ижтимоий экспертизага йўлланма (ногиронлик)',
    ru: 'Направление на медико-социальную экспертизу (инвалидность)',
    en: 'Referral to the medical and social assessment board (disability)',
  },
  'Darsdan keyingi qoʻshimcha mashgʻulotlar': {
    uz_cyrl: 'Дарсдан кейинги қўшимча машғулотлар',
    ru: 'Дополнительные занятия после уроков',
    en: 'After-school tutoring',
  },
  'Psixolog maslahati': { uz_cyrl: 'Психолог маслаҳати', ru: 'Консультация психолога', en: 'Psychologist’s counselling' },
  'Bir martalik moddiy yordam': {
    uz_cyrl: 'Бир марталик моддий ёрдам',
    ru: 'Единовременная материальная помощь',
    en: 'One-off material assistance',
  },
  'Ijtimoiy himoya yagona reyestriga kiritish va nafaqalar': {
    uz_cyrl: 'Ижтимоий ҳимоя ягона реестрига киритиш ва нафақалар',
    ru: 'Включение в единый реестр социальной защиты и пособия',
    en: 'Enrolment in the Social Protection Single Register and benefits',
  },
  'Yolgʻiz onalar uchun qoʻllab-quvvatlash guruhi': {
    uz_cyrl: 'Ёлғиз оналар учун қўллаб-қувватлаш гуруҳи',
    ru: 'Группа поддержки для одиноких матерей',
    en: 'Support group for single mothers',
  },
  'Chet eldagi ota-ona bilan aloqani tiklash': {
    uz_cyrl: 'Чет элдаги ота-она билан алоқани тиклаш',
    ru: 'Восстановление связи с родителями за рубежом',
    en: 'Restoring contact with a parent abroad',
  },
  'Bepul yuridik maslahat va sudda vakillik': {
    uz_cyrl: 'Бепул юридик маслаҳат ва судда вакиллик',
    ru: 'Бесплатная юридическая консультация и представительство в суде',
    en: 'Free legal advice and representation in court',
  },
  'Himoya orderi va profilaktika inspektori': {
    uz_cyrl: 'Ҳимоя ордери ва профилактика инспектори',
    ru: 'Охранный ордер и участковый инспектор профилактики',
    en: 'Protection order and the prevention inspector',
  },
  'Uy-joyni taʼmirlash uchun subsidiya': {
    uz_cyrl: 'Уй-жойни таъмирлаш учун субсидия',
    ru: 'Субсидия на ремонт жилья',
    en: 'Housing repair subsidy',
  },
};

/** The columns of the other scripts of a demo name (none for a name the table lacks). */
export function demoNameColumns(name: string) {
  const names = NAMES[name];
  return { name_uz_cyrl: names?.uz_cyrl ?? null, name_ru: names?.ru ?? null, name_en: names?.en ?? null, name_kaa: null };
}

/** "Xyz tumani" → "of Xyz District" in Russian: "Шерабадский район" → "Шерабадского района". */
const russianGenitive = (district: string) => district.replace(/ий район$/, 'ого района').replace(/ой район$/, 'ого района');

/**
 * The names of a district's "Inson" centre and medical association (the demo's history districts), in the
 * scripts of the district's own reference names.
 */
export function districtOrganisationNames(
  district: { name_uz_cyrl: string; name_ru: string; name_en: string },
  kind: 'inson_centre' | 'clinic',
) {
  const genitive = russianGenitive(district.name_ru);
  return kind === 'inson_centre'
    ? {
        name_uz_cyrl: `${district.name_uz_cyrl} «Инсон» ижтимоий хизматлар маркази`,
        name_ru: `Центр социальных услуг «Инсон» ${genitive}`,
        name_en: `Inson Social Services Centre, ${district.name_en}`,
        name_kaa: null,
      }
    : {
        name_uz_cyrl: `${district.name_uz_cyrl} тиббиёт бирлашмаси`,
        name_ru: `Медицинское объединение ${genitive}`,
        name_en: `${district.name_en} Medical Association`,
        name_kaa: null,
      };
}
