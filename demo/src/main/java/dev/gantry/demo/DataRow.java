package dev.gantry.demo;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/** One row of the demo data set; the price is a decimal so it travels as the exact JSON number intended. */
record DataRow(String name, BigDecimal price) {

    /** The row as the data set API takes it: variable name to value, in column order. */
    Map<String, Object> variables() {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("name", name);
        variables.put("price", price);
        return variables;
    }
}
