package io.switchboard.runtime.tool;

import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * A recursive-descent parser and evaluator of arithmetic: numbers, {@code + - * / % ^}, parentheses,
 * unary minus, the constants {@code pi} and {@code e} and a fixed set of functions. Nothing is looked up
 * dynamically and nothing is executed, so model-written input cannot do anything but arithmetic.
 */
final class Arithmetic {
    static final int MAX_LENGTH = 1_000;
    private static final int MAX_DEPTH = 100;

    private final String text;
    private int pos;
    private int depth;

    private Arithmetic(String text) {
        this.text = text;
    }

    /** @throws ToolException naming the position of the first error */
    static double evaluate(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new ToolException("expression is empty");
        }
        if (expression.length() > MAX_LENGTH) {
            throw new ToolException("expression is longer than " + MAX_LENGTH + " characters");
        }
        Arithmetic parser = new Arithmetic(expression);
        double value = parser.sum();
        parser.skipSpaces();
        if (parser.pos < expression.length()) {
            throw parser.error("unexpected '" + expression.charAt(parser.pos) + "'");
        }
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new ToolException("the result is not a finite number (division by zero?)");
        }
        return value;
    }

    /** Integers without a fraction, others with up to 12 significant decimals. */
    static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        String text = String.format(Locale.ROOT, "%.12g", value);
        if (text.contains("e")) {
            return text;
        }
        return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
    }

    private double sum() {
        double value = product();
        while (true) {
            if (eat('+')) {
                value += product();
            } else if (eat('-')) {
                value -= product();
            } else {
                return value;
            }
        }
    }

    private double product() {
        double value = unary();
        while (true) {
            if (eat('*')) {
                value *= unary();
            } else if (eat('/')) {
                value /= unary();
            } else if (eat('%')) {
                value %= unary();
            } else {
                return value;
            }
        }
    }

    private double unary() {
        if (eat('-')) {
            return -unary();
        }
        if (eat('+')) {
            return unary();
        }
        return power();
    }

    private double power() {
        double base = atom();
        if (eat('^')) {
            return Math.pow(base, unary()); // right-associative: 2^3^2 = 2^9
        }
        return base;
    }

    private double atom() {
        if (++depth > MAX_DEPTH) {
            throw error("nesting is deeper than " + MAX_DEPTH);
        }
        try {
            skipSpaces();
            if (eat('(')) {
                double value = sum();
                expect(')');
                return value;
            }
            if (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
                return number();
            }
            if (pos < text.length() && Character.isLetter(text.charAt(pos))) {
                return named();
            }
            throw error(pos < text.length() ? "unexpected '" + text.charAt(pos) + "'" : "expression ends too early");
        } finally {
            depth--;
        }
    }

    private double number() {
        int start = pos;
        while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
            pos++;
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            int mark = pos++;
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            if (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                    pos++;
                }
            } else {
                pos = mark;
            }
        }
        try {
            return Double.parseDouble(text.substring(start, pos));
        } catch (NumberFormatException e) {
            pos = start;
            throw error("malformed number");
        }
    }

    private double named() {
        int start = pos;
        while (pos < text.length() && Character.isLetterOrDigit(text.charAt(pos))) {
            pos++;
        }
        String name = text.substring(start, pos).toLowerCase(Locale.ROOT);
        switch (name) {
            case "pi" -> {
                return Math.PI;
            }
            case "e" -> {
                return Math.E;
            }
            default -> {}
        }
        expect('(');
        List<Double> args = new java.util.ArrayList<>();
        skipSpaces();
        if (!eat(')')) {
            do {
                args.add(sum());
            } while (eat(','));
            expect(')');
        }
        return apply(name, args, start);
    }

    private double apply(String name, List<Double> args, int at) {
        DoubleUnaryOperator one = switch (name) {
            case "sqrt" -> Math::sqrt;
            case "abs" -> Math::abs;
            case "sin" -> Math::sin;
            case "cos" -> Math::cos;
            case "tan" -> Math::tan;
            case "ln" -> Math::log;
            case "log", "log10" -> Math::log10;
            case "exp" -> Math::exp;
            case "floor" -> Math::floor;
            case "ceil" -> Math::ceil;
            case "round" -> Math::rint;
            default -> null;
        };
        if (one != null) {
            requireArgs(name, args, 1, at);
            return one.applyAsDouble(args.get(0));
        }
        return switch (name) {
            case "pow" -> {
                requireArgs(name, args, 2, at);
                yield Math.pow(args.get(0), args.get(1));
            }
            case "min", "max" -> {
                if (args.isEmpty()) {
                    pos = at;
                    throw error(name + " needs at least one argument");
                }
                yield name.equals("min")
                        ? args.stream().mapToDouble(Double::doubleValue).min().getAsDouble()
                        : args.stream().mapToDouble(Double::doubleValue).max().getAsDouble();
            }
            default -> {
                pos = at;
                throw error("unknown function '" + name + "'");
            }
        };
    }

    private void requireArgs(String name, List<Double> args, int count, int at) {
        if (args.size() != count) {
            pos = at;
            throw error(name + " takes " + count + " argument" + (count == 1 ? "" : "s") + ", got " + args.size());
        }
    }

    private boolean eat(char c) {
        skipSpaces();
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!eat(c)) {
            throw error("expected '" + c + "'");
        }
    }

    private void skipSpaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private ToolException error(String problem) {
        return new ToolException(problem + " at position " + (pos + 1));
    }
}
