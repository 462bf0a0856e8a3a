Feature: Protection group status
  "The status of the protection group must be available or protected."

  Scenario Outline: A protection group in status <status> is <verdict>
    Given a batch of 1 server in the group's VPC
    And the protection group is in status "<status>"
    When the batch is sent
    Then the batch is <verdict>

    Examples:
      | status    | verdict  |
      | available | accepted |
      | protected | accepted |
      | error     | rejected |
