/**
 * Test fixtures every module's tests share: request bodies and model builders that read as the
 * scenario ({@code aTenant()}, {@code aSuite()}, {@code aCase()}, {@code aRunSnapshot()}), a clock
 * tests move by hand, and waiting helpers on Awaitility. Used in test scope only.
 */
package dev.gantry.testsupport;
