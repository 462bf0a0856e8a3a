Feature: One protected instance per server
  "No protected instance has been created using the server."

  @core @BC-030 @readonly
  Scenario: A server that already backs a protected instance is rejected
    Given a batch of a server that is already protected
    When the batch is sent
    Then the batch is rejected

  @core @BC-030
  Scenario: A server protected by an earlier batch is rejected
    Given a batch of 1 server in the group's VPC
    And that server is already protected by an earlier batch
    When the batch is sent
    Then the batch is rejected

  @core @BC-030
  Scenario: A server protected in another protection group is rejected
    Given a batch of 1 server in the group's VPC
    And that server is already protected by an earlier batch in another protection group
    When the batch is sent
    Then the batch is rejected

  @core @BC-030
  Scenario: A server listed twice in one batch is never protected twice
    Given a batch of 1 server in the group's VPC
    And the first server is listed twice
    When the batch is sent
    Then no server is protected twice

  @core @BC-030
  Scenario: Two batches for the same server at the same time protect it once
    Given a batch of 1 server in the group's VPC
    When the batch is sent twice at the same time
    Then no server is protected twice

  @extended @BX-007
  Scenario: An already protected server is refused with SDRS.1305
    Given a batch of 1 server in the group's VPC
    And that server is already protected by an earlier batch
    When the batch is sent
    Then the batch is rejected with HTTP 400 and code SDRS.1305
