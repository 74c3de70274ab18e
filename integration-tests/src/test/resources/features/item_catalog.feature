# language: en
@catalog @regression
Feature: Item catalog
  Staff add the items the shop sells, one at a time or in bulk;
  shoppers read them back.

  Background:
    Given the catalog is open

  Rule: staff add items one by one

    @smoke
    Scenario: an item is added and read back
      When I add the item "Pen" costing 1.5
      Then the response status is 201
      And I keep the item id
      When I read the item back
      Then the response status is 200
      And the item is named "Pen"

    @negative
    Scenario Outline: prices are checked when an item is added
      When I add the item "<name>" costing <price>
      Then the response status is <status>

      @valid
      Examples: accepted prices
        | name   | price | status |
        | Pencil | 0.5   | 201    |
        | Ruler  | 3     | 201    |

      @invalid
      Examples: refused prices
        | name  | price | status |
        | Cheap | -1    | 400    |

  Rule: items come in bulk

    Scenario: several items at once
      When I add these items:
        | name   | price |
        | Eraser | 0.75  |
        | Folder | 2     |
      Then the response status is 201

    Scenario: an item sent as a document
      When I send the item document:
        """json
        {"name": "Stapler", "price": 12}
        """
      Then the response status is 201
      And the item is named "Stapler"
      And the warehouse is notified of "Stapler"
