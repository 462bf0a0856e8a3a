Feature: Flavor of the DR-site servers
  "flavorRef: Specifies the flavor ID of the DR site server. If this parameter is not
  specified, the flavor ID of the DR site server is the same as that of the production
  site server by default."

  @core @BC-027
  Scenario: Without flavorRef each DR-site server has its production server's flavor
    Given a batch of 2 servers in the group's VPC
    When the batch is sent
    Then the batch is accepted
    And each DR-site server has the flavor asked for, or else its production server's flavor

  @core @BC-028
  Scenario: With flavorRef the DR-site server has the flavor asked for
    Given a batch of 3 servers in the group's VPC
    And the second server asks for another flavor
    When the batch is sent
    Then the batch is accepted
    And each DR-site server has the flavor asked for, or else its production server's flavor

  @core @BC-028 @readonly
  Scenario: A flavor that does not exist is rejected
    Given a batch of 1 server in the group's VPC
    And the first server asks for a flavor that does not exist
    When the batch is sent
    Then the batch is rejected

  @extended @BX-009 @readonly
  Scenario: A flavor that does not exist is refused with SDRS.1353
    Given a batch of 1 server in the group's VPC
    And the first server asks for a flavor that does not exist
    When the batch is sent
    Then the batch is rejected with HTTP 400 and code SDRS.1353
