package io.switchboard.runtime.knowledge;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * A Chinese–English word list for keyword search across languages ({@code synonyms.crossLanguage}): a
 * Chinese word of the question also counts as its English translations, an English word as the Chinese
 * words it translates. From CC-CEDICT (CC BY-SA 4.0, see {@code NOTICE-cedict} next to the data file),
 * reduced by {@code bin/build-lexicon.sh} to words of two to six characters and their short glosses
 * (at most three words each, four per sense list): about 80,000 words, loaded once on first use.
 *
 * <p>A dictionary, not a translator: "水壶" gives kettle, canteen, watering can; "kettle" gives 水壶. What a
 * wrong sense adds is a few extra keyword candidates, which the ranking after it sorts out.
 */
final class Lexicon {
    /** English words translated by more Chinese words than this keep the shortest ones (common words). */
    private static final int MAX_CHINESE_PER_WORD = 6;

    private final Map<String, List<Set<String>>> chineseToEnglish;
    private final Map<String, List<Set<String>>> englishToChinese;

    private Lexicon(Map<String, List<Set<String>>> chineseToEnglish, Map<String, List<Set<String>>> englishToChinese) {
        this.chineseToEnglish = chineseToEnglish;
        this.englishToChinese = englishToChinese;
    }

    /** The shared instance, read on first use (about 4 s of CPU: each gloss is analysed). */
    static Lexicon cedict() {
        return Holder.CEDICT;
    }

    /**
     * The translations of an analysed question term, each as its analysed terms (all of a set must be
     * found); empty when the term is not in the list.
     */
    List<Set<String>> translations(String term) {
        Map<String, List<Set<String>>> map = han(term) ? chineseToEnglish : englishToChinese;
        return map.getOrDefault(term, List.of());
    }

    private static boolean han(String term) {
        return term.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
    }

    static Lexicon read(InputStream gzipped) throws IOException {
        Map<String, List<Set<String>>> chinese = new HashMap<>();
        Map<String, List<String>> english = new HashMap<>();
        Map<String, Set<String>> chineseTerms = new HashMap<>();
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(new GZIPInputStream(gzipped), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                int tab = line.indexOf('\t');
                if (tab <= 0) {
                    continue;
                }
                String word = line.substring(0, tab);
                List<Set<String>> glosses = new ArrayList<>();
                for (String gloss : line.substring(tab + 1).split("\\|")) {
                    Set<String> terms = KeywordCoverage.terms(gloss);
                    if (!terms.isEmpty() && !glosses.contains(terms)) {
                        glosses.add(Set.copyOf(terms));
                    }
                    if (terms.size() == 1) {
                        english.computeIfAbsent(terms.iterator().next(), t -> new ArrayList<>())
                                .add(word);
                    }
                }
                if (!glosses.isEmpty()) {
                    chinese.put(word, List.copyOf(glosses));
                }
            }
        }
        Map<String, List<Set<String>>> reverse = new HashMap<>();
        for (Map.Entry<String, List<String>> entry : english.entrySet()) {
            List<Set<String>> words = entry.getValue().stream()
                    .distinct()
                    .sorted(Comparator.comparingInt(String::length))
                    .limit(MAX_CHINESE_PER_WORD)
                    .map(word -> chineseTerms.computeIfAbsent(word, w -> Set.copyOf(KeywordCoverage.terms(w))))
                    .filter(terms -> !terms.isEmpty())
                    .toList();
            if (!words.isEmpty()) {
                reverse.put(entry.getKey(), words);
            }
        }
        return new Lexicon(chinese, reverse);
    }

    private static final class Holder {
        static final Lexicon CEDICT = load();

        private static Lexicon load() {
            try (InputStream in = Lexicon.class.getResourceAsStream("cedict-zh-en.tsv.gz")) {
                if (in == null) {
                    throw new IllegalStateException("cedict-zh-en.tsv.gz is missing from the class path");
                }
                return read(in);
            } catch (IOException e) {
                throw new UncheckedIOException("could not read the Chinese–English word list", e);
            }
        }
    }
}
