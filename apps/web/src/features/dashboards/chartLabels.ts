/**
 * A chart's category label broken into lines of about `width` characters, at spaces and after hyphens
 * (a longer word stays whole), so that on a phone's narrow chart a label is shown whole instead of cut
 * at the canvas edge. Chart.js draws an array as lines.
 */
export function wrapLabel(label: string, width = 14): string | string[] {
  const words = label
    .split(/\s+/)
    .flatMap((word) => word.split(/(?<=-)/))
    .filter(Boolean);
  const lines: string[] = [];
  for (const word of words) {
    const last = lines.at(-1);
    const joined = last === undefined ? word : last.endsWith('-') ? last + word : `${last} ${word}`;
    if (last !== undefined && joined.length <= width) lines[lines.length - 1] = joined;
    else lines.push(word);
  }
  return lines.length > 1 ? lines : label;
}
