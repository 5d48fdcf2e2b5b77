package io.switchboard.gateway;

public final class Switchboard {
    public static void main(String[] args) {
        System.out.println("switchboard");
    }
}
