package dev.gantry.demo.sampleapi;

import java.math.BigDecimal;

/** An item stored by the sample API; the price keeps the exact decimal the client sent. */
record Item(String id, String name, BigDecimal price) {}
