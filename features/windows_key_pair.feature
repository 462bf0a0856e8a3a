Feature: Windows servers that log in with a key pair
  "If the server at the production site runs Windows and you choose the key login mode,
  ensure that the key pair of the server exists when you create a protected instance.
  Otherwise, the server at the DR site may fail to create, causing the protected
  instance creation failure." "If the key pair of the production site server has been
  deleted, create a key pair with the same name."

  @core @BC-032
  Scenario: A Windows server whose key pair exists is protected
    Given a batch of a Windows server whose key pair exists
    When the batch is sent
    Then the batch is accepted

  @core @BC-032
  Scenario: A Windows server whose key pair was deleted is not protected
    Given a batch of a Windows server whose key pair was deleted
    When the batch is sent
    Then the batch is rejected

  @core @BC-033
  Scenario: Creating the key pair again with the same name makes the server protectable
    Given a batch of a Windows server whose key pair was deleted
    And its key pair is created again with the same name
    When the batch is sent
    Then the batch is accepted

  @extended @BX-013
  Scenario: A deleted key pair fails the job, not the request
    Given a batch of a Windows server whose key pair was deleted
    When the batch is sent
    Then the batch is accepted, and then its job fails
