package io.switchboard.runtime.knowledge;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Bilingual text with a Zipf word distribution, so BM25 sees realistic term statistics. */
final class SyntheticCorpus {
    private static final String HAN = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动"
            + "同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当"
            + "使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理世";
    private final List<String> words = new ArrayList<>();
    private final double[] cumulative;
    private final Random random;

    SyntheticCorpus(Random random) {
        this.random = random;
        String letters = "abcdefghiklmnoprstuvwy";
        for (int i = 0; i < 6_000; i++) {
            if (i % 3 == 2) {
                words.add("" + HAN.charAt(random.nextInt(HAN.length())) + HAN.charAt(random.nextInt(HAN.length())));
            } else {
                StringBuilder word = new StringBuilder();
                int length = 3 + random.nextInt(6);
                for (int c = 0; c < length; c++) {
                    word.append(letters.charAt(random.nextInt(letters.length())));
                }
                words.add(word.toString());
            }
        }
        cumulative = new double[words.size()];
        double sum = 0;
        for (int i = 0; i < words.size(); i++) {
            sum += 1.0 / Math.pow(i + 1, 1.07);
            cumulative[i] = sum;
        }
        for (int i = 0; i < cumulative.length; i++) {
            cumulative[i] /= sum;
        }
    }

    String passage(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(word()).append(i % 12 == 11 ? ". " : " ");
        }
        return text.toString().strip();
    }

    /** A few of the rarer words of a passage: what a user would type. */
    String queryFrom(String passage, Random random) {
        String[] tokens = passage.replace(".", "").split(" ");
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            query.append(tokens[random.nextInt(tokens.length)]).append(' ');
        }
        return query.toString().strip();
    }

    private String word() {
        double r = random.nextDouble();
        int low = 0;
        int high = cumulative.length - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (cumulative[mid] < r) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return words.get(low);
    }
}
