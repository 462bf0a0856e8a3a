Feature: Description
  "The description can contain a maximum of 64 characters. The value cannot contain the
  left angle bracket (<) or right angle bracket (>)."

  Scenario Outline: A description of <length> characters is <verdict>
    Given a batch of 1 server in the group's VPC
    And a description of <length> characters
    When the batch is sent
    Then the batch is <verdict>

    Examples:
      | length | verdict  |
      | 64     | accepted |
      | 65     | rejected |

  Scenario Outline: A description containing "<bracket>" is rejected
    Given a batch of 1 server in the group's VPC
    And a description containing "<bracket>"
    When the batch is sent
    Then the batch is rejected

    Examples:
      | bracket |
      | <       |
      | >       |
