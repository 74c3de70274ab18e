/**
 * {@code gantry-cli} for CI jobs: triggers a run, waits for it, writes its reports and exits 0
 * when it passed, 1 when tests failed, 2 without a verdict. Picocli and Jackson; no Spring.
 */
package dev.gantry.cli;
