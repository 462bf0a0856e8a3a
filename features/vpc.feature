Feature: Same VPC as the protection group
  "The server must be in the same VPC as the protection group."

  @core @BC-031 @readonly
  Scenario: A server in another VPC is rejected
    Given a batch of a server in another VPC
    When the batch is sent
    Then the batch is rejected

  @core @BC-031 @readonly
  Scenario: A server in another VPC is rejected among valid servers
    Given a batch of 2 servers in the group's VPC
    And the batch also includes a server in another VPC
    When the batch is sent
    Then the batch is rejected

  @extended @BX-006 @readonly
  Scenario: A server in another VPC is refused with SDRS.1304
    Given a batch of 1 server in the group's VPC
    And the batch also includes a server in another VPC
    When the batch is sent
    Then the batch is rejected with HTTP 400 and code SDRS.1304
