Feature: Broken

  Scenario: two features in one file
    Given the catalog is open
  Feature: again
    When I add the item "Pen" costing 1
