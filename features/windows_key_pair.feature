Feature: Windows servers that log in with a key pair
  "If the server at the production site runs Windows and you choose the key login mode,
  ensure that the key pair of the server exists when you create a protected instance.
  Otherwise, the server at the DR site may fail to create, causing the protected
  instance creation failure."

  Scenario: A Windows server whose key pair exists is protected
    Given a batch of a Windows server whose key pair exists
    When the batch is sent
    Then the batch is accepted

  Scenario: A Windows server whose key pair was deleted is not protected
    Given a batch of a Windows server whose key pair was deleted
    When the batch is sent
    Then the batch is rejected
