Feature: Name prefix
  "Each protected instance name prefix can contain 1 to 59 characters, and consists of
  only letters (a to z and A to Z), digits (0 to 9), decimal points (.), underscores (_),
  and hyphens (-)."

  Scenario Outline: A name prefix of <length> characters is <verdict>
    Given a batch of 1 server in the group's VPC
    And a name prefix of <length> characters
    When the batch is sent
    Then the batch is <verdict>

    Examples:
      | length | verdict  |
      | 0      | rejected |
      | 1      | accepted |
      | 59     | accepted |
      | 60     | rejected |
