package dev.gantry.demo;

import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;

/** What the standard output can show: whether it is an interactive terminal and whether it can print glyphs. */
record Terminal(boolean interactive, boolean unicode) {

    static Terminal detect(PrintStream out) {
        Console console = System.console();
        boolean interactive = console != null && isTerminal(console);
        boolean unicode = out.charset().newEncoder().canEncode("█░✓✗—");
        return new Terminal(interactive, unicode);
    }

    ProgressBar.Style progressStyle() {
        return interactive && unicode ? ProgressBar.Style.UNICODE : ProgressBar.Style.ASCII;
    }

    // JDK 22 to 24 hand out a Console even when output is redirected and added Console.isTerminal() to tell;
    // the code is compiled for 21, where that method does not exist yet, so it is looked up at run time.
    private static boolean isTerminal(Console console) {
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
