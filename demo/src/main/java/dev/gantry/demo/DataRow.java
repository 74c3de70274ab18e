package dev.gantry.demo;

import java.math.BigDecimal;

/** One row of the demo data set; the price is a decimal so it travels as the exact JSON number intended. */
record DataRow(String name, BigDecimal price) {}
