Feature: Names and identity of the protected instances
  "The system will automatically add a suffix to each protected instance name prefix to
  differentiate the protected instances, such as "-0001"." "The default name of the
  server at the DR site is the same as that of the server at the production site, but
  their IDs are different."

  @core @BC-004 @BC-006
  Scenario: Each instance is named after the prefix with a suffix that sets it apart
    Given a batch of 3 servers in the group's VPC
    When the batch is sent
    Then the batch is accepted
    And the group holds one protected instance per server, named after the prefix with a suffix

  @core @BC-007 @BC-008
  Scenario: Each DR-site server has its production server's name and another id
    Given a batch of 2 servers in the group's VPC
    When the batch is sent
    Then the batch is accepted
    And each DR-site server has its production server's name and a different id

  @core @BC-005
  Scenario: The instances join a protected group as well as an available one
    Given a batch of 2 servers in the group's VPC
    And the protection group is in status "protected"
    When the batch is sent
    Then the batch is accepted

  @core @BC-009
  Scenario: A protected instance can be renamed once it is created
    Given a batch of 1 server in the group's VPC
    When the batch is sent
    And an instance of the batch is renamed
    Then the new name is shown

  @extended @BX-014
  Scenario: The instances are numbered in request order
    Given a batch of 3 servers in the group's VPC
    When the batch is sent
    Then the batch is accepted
    And the instances are named "<prefix>-0001", "<prefix>-0002", ... in request order
