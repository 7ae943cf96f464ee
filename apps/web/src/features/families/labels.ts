import { useTranslation } from 'react-i18next';

/** The code lists the family forms label, each under enum.<list>.<code> in the translations. */
type EnumList =
  | 'identificationSource'
  | 'socialRegisterCategory'
  | 'housing'
  | 'utility'
  | 'sex'
  | 'relationship'
  | 'document'
  | 'disability'
  | 'schooling'
  | 'whereabouts'
  | 'contactChannel'
  | 'vulnerability'
  | 'matchReason';

export function useEnumLabels() {
  const { t } = useTranslation();
  const label = (list: EnumList, code: string) => t(`enum.${list}.${code}`);
  const options = (list: EnumList, codes: readonly string[]) => codes.map((code) => ({ value: code, label: label(list, code) }));
  return { label, options };
}
