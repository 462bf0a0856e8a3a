Feature: Same VPC as the protection group
  "The server must be in the same VPC as the protection group."

  Scenario: A server in another VPC is rejected
    Given a batch of a server in another VPC
    When the batch is sent
    Then the batch is rejected

  Scenario: A server in another VPC is rejected among valid servers
    Given a batch of 2 servers in the group's VPC
    And the batch also includes a server in another VPC
    When the batch is sent
    Then the batch is rejected
