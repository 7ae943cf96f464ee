import en from './en.json' with { type: 'json' };
import kaa from './kaa.json' with { type: 'json' };
import ru from './ru.json' with { type: 'json' };
import uzCyrl from './uz-Cyrl.json' with { type: 'json' };
import uzLatn from './uz-Latn.json' with { type: 'json' };

/** Messages the server sends (errors, field problems), per language. Karakalpak falls back to Uzbek Latin. */
export const serverMessages = {
  'uz-Latn': uzLatn,
  'uz-Cyrl': uzCyrl,
  ru,
  en,
  kaa,
} as const;
