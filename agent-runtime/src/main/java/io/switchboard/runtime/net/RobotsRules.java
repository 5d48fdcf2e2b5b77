package io.switchboard.runtime.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rules of one robots.txt for one user agent (RFC 9309): the group naming the agent's product token,
 * else the {@code *} group; the longest matching rule wins, Allow on a tie; {@code *} and {@code $} in
 * paths.
 */
final class RobotsRules {
    static final RobotsRules ALLOW_ALL = new RobotsRules(List.of());
    static final RobotsRules DISALLOW_ALL = new RobotsRules(List.of(new Rule(false, "/", Pattern.compile("/.*"))));

    private record Rule(boolean allow, String path, Pattern pattern) {}

    private final List<Rule> rules;

    private RobotsRules(List<Rule> rules) {
        this.rules = rules;
    }

    static RobotsRules parse(String text, String userAgent) {
        String token = userAgent.split("[/ ]", 2)[0].toLowerCase(Locale.ROOT);
        List<Rule> specific = new ArrayList<>();
        List<Rule> wildcard = new ArrayList<>();
        boolean specificFound = false;
        List<String> agents = new ArrayList<>();
        boolean inRules = false;
        List<Rule> target = null;
        for (String rawLine : text.split("\r?\n|\r")) {
            String line = rawLine.replaceFirst("#.*", "").strip();
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String field = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if (field.equals("user-agent")) {
                if (inRules) {
                    agents.clear();
                    inRules = false;
                }
                agents.add(value.toLowerCase(Locale.ROOT));
                boolean mine = agents.stream().anyMatch(agent -> !agent.equals("*") && token.startsWith(agent));
                if (mine) {
                    specificFound = true;
                }
                target = mine ? specific : agents.contains("*") ? wildcard : null;
            } else if (field.equals("allow") || field.equals("disallow")) {
                inRules = true;
                if (target != null && !value.isEmpty()) {
                    target.add(new Rule(field.equals("allow"), value, compile(value)));
                }
            }
        }
        return new RobotsRules(specificFound ? specific : wildcard);
    }

    boolean allows(String pathAndQuery) {
        Rule best = null;
        for (Rule rule : rules) {
            if (rule.pattern().matcher(pathAndQuery).lookingAt()) {
                if (best == null
                        || rule.path().length() > best.path().length()
                        || (rule.path().length() == best.path().length() && rule.allow())) {
                    best = rule;
                }
            }
        }
        return best == null || best.allow();
    }

    private static Pattern compile(String path) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '*') {
                regex.append(".*");
            } else if (c == '$' && i == path.length() - 1) {
                regex.append('$');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
